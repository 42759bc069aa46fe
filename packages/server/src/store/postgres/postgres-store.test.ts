import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStoreConformance } from '../store.conformance.ts';
import { createPostgresStore } from './postgres-store.ts';

/** The machine's PostgreSQL (DESIGN.md §7). Every test gets a schema of its own, dropped after it. */
const connectionString = process.env.FLOWGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const admin = new pg.Pool({ connectionString, max: 2 });
const created = new Set<string>();

/** Schemas are named `flowgate_test_<base-36 creation time>_<random>`, so a later run can tell stale ones. */
function schemaName(): string {
  return `flowgate_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
}

beforeAll(async () => {
  // A run killed before its afterAll leaves schemas behind: drop those older than a day.
  const { rows } = await admin.query<{ name: string }>(
    "select nspname as name from pg_namespace where nspname like 'flowgate\\_test\\_%'",
  );
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const { name } of rows) {
    const createdAt = Number.parseInt(name.split('_')[2] ?? '', 36);
    if (createdAt < dayAgo) await admin.query(`drop schema if exists "${name}" cascade`);
  }
});

afterAll(async () => {
  // Schemas a failed test left behind.
  for (const schema of created) await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
});

async function createSchema(): Promise<string> {
  const schema = schemaName();
  await admin.query(`create schema "${schema}"`);
  created.add(schema);
  return schema;
}

async function dropSchema(schema: string): Promise<void> {
  await admin.query(`drop schema if exists "${schema}" cascade`);
  created.delete(schema);
}

describeStoreConformance('PostgreSQL', {
  concurrentStoresInOneThread: true,
  async createDatabase() {
    const schema = await createSchema();
    return {
      open: () => createPostgresStore({ connectionString, schema, maxConnections: 4 }),
      drop: () => dropSchema(schema),
    };
  },
});

describe('PostgreSQL store', () => {
  it('keeps its tables and migration bookkeeping in its own schema', async () => {
    const schema = await createSchema();
    const store = createPostgresStore({ connectionString, schema });
    try {
      await store.migrate();
      const { rows } = await admin.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual([
        'api_keys',
        'credentials',
        'deployments',
        'feedback',
        'flows',
        'jobs',
        'kysely_migration',
        'kysely_migration_lock',
        'project_settings',
        'projects',
        'runs',
        'secret_keys',
        'secrets',
        'sessions',
        'users',
        'webhook_attempts',
        'webhook_deliveries',
        'webhook_secrets',
      ]);
      expect(store.externalChangeVersion()).toBe(0);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it('creates its schema when missing, and leaves the global pg type parsers alone', async () => {
    const schema = schemaName();
    created.add(schema);
    const store = createPostgresStore({ connectionString, schema });
    try {
      await store.migrate();
      await store.projects.create({ id: 'p', name: 'p', createdAt: 2 ** 40 });
      expect(await store.projects.get('p')).toEqual({ id: 'p', name: 'p', createdAt: 2 ** 40 });
      const { rows } = await admin.query<{ value: unknown }>('select 5::int8 as value');
      expect(rows[0]?.value).toBe('5');
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it('lets one process prune a schema at a time (session advisory lock keyed by the schema)', async () => {
    const schema = await createSchema();
    const store = createPostgresStore({ connectionString, schema });
    const otherProcess = await admin.connect();
    const lockKey = [`${schema}.flowgate_runs_prune`];
    const pass = { keepNewest: 0, batchSize: 10, pauseMs: 0 };
    try {
      await store.migrate();
      await otherProcess.query('select pg_advisory_lock(hashtext($1))', lockKey);
      expect(await store.runs.prune(pass)).toEqual({ deleted: 0, ran: false });
      await otherProcess.query('select pg_advisory_unlock(hashtext($1))', lockKey);
      expect(await store.runs.prune(pass)).toEqual({ deleted: 0, ran: true });
      // Released after the pass: another session can take it.
      const { rows } = await otherProcess.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtext($1)) as locked',
        lockKey,
      );
      expect(rows[0]?.locked).toBe(true);
      await otherProcess.query('select pg_advisory_unlock(hashtext($1))', lockKey);
    } finally {
      otherProcess.release();
      await store.close();
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ connectionString, schema: 'x; drop table runs' })).toThrow(
      /schema name/,
    );
  });
});
