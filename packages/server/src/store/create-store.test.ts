import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, schemaOf } from './create-store.ts';

const root = mkdtempSync(join(tmpdir(), 'flowgate-create-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createStore', () => {
  it('opens the SQLite file, creating its folder, when no database URL is set', async () => {
    for (const databaseUrl of [undefined, '']) {
      const sqlitePath = join(root, `data-${String(databaseUrl)}`, 'flowgate.db');
      const store = createStore({ sqlitePath, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
      try {
        expect(existsSync(sqlitePath)).toBe(true);
        await store.migrate();
      } finally {
        await store.close();
      }
    }
  });

  it('opens PostgreSQL when a database URL is set, leaving the SQLite file alone', async () => {
    const sqlitePath = join(root, 'unused', 'flowgate.db');
    const store = createStore({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', sqlitePath });
    try {
      expect(store.externalChangeVersion()).toBe(0);
      expect(existsSync(sqlitePath)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('takes the schema from the URL’s search_path option, as libpq writes it', () => {
    expect(schemaOf('postgres://u@h:5432/db?options=-c%20search_path%3Dflowgate_one')).toBe('flowgate_one');
    expect(schemaOf('postgres://u@h/db?options=-c search_path=two')).toBe('two');
    expect(schemaOf('postgres://u@h/db?sslmode=disable')).toBeUndefined();
    expect(schemaOf('postgres://u@h/db')).toBeUndefined();
  });
});
