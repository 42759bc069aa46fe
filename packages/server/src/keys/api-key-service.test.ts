import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { ApiKeyService } from './api-key-service.ts';

describe('ApiKeyService expiry', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'flowgate-keys-'));
  const store = createSqliteStore({ path: path.join(folder, 'flowgate.db') });
  const keys = new ApiKeyService(
    store,
    () => {},
    () => 1_000,
  );
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes a positive expiry of at most 3650 days, and says so for anything else (CLI and Studio alike)', async () => {
    await store.migrate();
    await store.projects.create({ id: 'p', name: 'p', createdAt: 1 });
    const day = 86_400_000;
    expect((await keys.create('p', { expiresInMs: 3650 * day })).expiresAt).toBe(1_000 + 3650 * day);
    for (const expiresInMs of [3651 * day, 0, -1, Number.POSITIVE_INFINITY, 1e20 * day]) {
      await expect(keys.create('p', { expiresInMs })).rejects.toThrow(/at most 3650 days/);
    }
  });
});
