import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createTestSchema } from '../../../test/support/postgres-schema.ts';
import { createPostgresStore } from '../../store/postgres/postgres-store.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import { describeJobQueueConformance, type JobQueueTestBackend } from '../job-queue.conformance.ts';
import { StoreJobQueue } from './store-job-queue.ts';

const root = mkdtempSync(join(tmpdir(), 'flowgate-store-queue-'));
let files = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Queues opened on one store behave as separate processes: each has its own lease owner. */
function backendOn(store: Store, drop: () => Promise<void>): JobQueueTestBackend {
  return {
    open: (options) =>
      new StoreJobQueue(store.jobs, {
        leaseMs: options.leaseMs,
        pollIntervalMs: 50,
        maxFailures: options.maxAttempts,
        backoff: { baseMs: options.backoffBaseMs, maxMs: 60_000 },
      }),
    async claimAndDie(kind, leaseMs) {
      const now = Date.now();
      const claimed = await store.jobs.claim(kind, 'a-process-that-died', now, now + leaseMs, 1);
      if (claimed.length !== 1) throw new Error('no job to claim');
    },
    async drop() {
      await store.close();
      await drop();
    },
  };
}

describeJobQueueConformance('store queue on SQLite', {
  async createBackend() {
    files += 1;
    const folder = join(root, `db-${files}`);
    const store = createSqliteStore({ path: join(folder, 'flowgate.db') });
    await store.migrate();
    return backendOn(store, async () => rmSync(folder, { recursive: true, force: true }));
  },
});

describeJobQueueConformance('store queue on PostgreSQL', {
  async createBackend() {
    const database = await createTestSchema();
    const store = createPostgresStore({ connectionString: database.url, schema: database.schema });
    await store.migrate();
    return backendOn(store, database.drop);
  },
});
