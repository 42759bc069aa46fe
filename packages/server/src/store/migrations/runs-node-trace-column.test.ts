import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../postgres/postgres-store.ts';
import type { Database } from '../schema.ts';
import { createSqliteStore } from '../sqlite/sqlite-store.ts';
import type { RunNodeRecord, Store } from '../store.ts';
import { migrateTo } from './migrate-to-latest.ts';

/** The last migration with node rows in their own table. */
const BEFORE = '0012_config_change_version';
const connectionString = process.env.FLOWGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A run with three node rows (inserted out of order) and a run with none, as 0012's schema held them. */
const runColumns =
  'request_id, project_id, flow_id, deployment_number, mode, status, payload, result, created_at';
const nodeColumns =
  'request_id, position, node_id, kind, name, status, input, output, error, started_at, duration_ms, total_tokens';
const nodeRows: unknown[][] = [
  [
    'run-1',
    2,
    'response',
    'graphqlResponseNode',
    'API Response',
    'success',
    '{"done":true}',
    '{"done":true}',
    null,
    1002,
    0,
    null,
  ],
  [
    'run-1',
    0,
    'trigger',
    'graphqlNode',
    'API Request',
    'success',
    '{"text":"é \\"quoted\\" ☃","n":[1,2.5,-3e-7],"deep":{"a":{"b":null}}}',
    '{"x":1}',
    null,
    1000,
    1,
    null,
  ],
  [
    'run-1',
    1,
    'llm',
    'LLMNode',
    'Summarize',
    'error',
    '"plain string"',
    null,
    'model said no',
    1001,
    250,
    42,
  ],
];

/** What the store reads back for run-1: position order, JSON documents parsed, the run's requestId. */
const expectedNodes: RunNodeRecord[] = [
  {
    requestId: 'run-1',
    position: 0,
    nodeId: 'trigger',
    kind: 'graphqlNode',
    name: 'API Request',
    status: 'success',
    input: { text: 'é "quoted" ☃', n: [1, 2.5, -3e-7], deep: { a: { b: null } } },
    output: { x: 1 },
    error: null,
    startedAt: 1000,
    durationMs: 1,
    totalTokens: null,
  },
  {
    requestId: 'run-1',
    position: 1,
    nodeId: 'llm',
    kind: 'LLMNode',
    name: 'Summarize',
    status: 'error',
    input: 'plain string',
    output: null,
    error: 'model said no',
    startedAt: 1001,
    durationMs: 250,
    totalTokens: 42,
  },
  {
    requestId: 'run-1',
    position: 2,
    nodeId: 'response',
    kind: 'graphqlResponseNode',
    name: 'API Response',
    status: 'success',
    input: { done: true },
    output: { done: true },
    error: null,
    startedAt: 1002,
    durationMs: 0,
    totalTokens: null,
  },
];

interface Target {
  name: string;
  /** A fresh database migrated up to BEFORE and filled with the rows above. */
  prepare(): Promise<{ open(): Store; tables(): Promise<string[]>; drop(): Promise<void> }>;
}

async function seed(
  db: Kysely<Database>,
  run: (statement: string, values: unknown[]) => Promise<void>,
  placeholders: (count: number) => string,
) {
  await run(`insert into projects (id, name, created_at) values (${placeholders(3)})`, ['p', 'p', 1]);
  for (const requestId of ['run-1', 'run-2']) {
    await run(`insert into runs (${runColumns}) values (${placeholders(9)})`, [
      requestId,
      'p',
      'flow',
      1,
      'sync',
      'success',
      '{}',
      null,
      1000,
    ]);
  }
  for (const row of nodeRows)
    await run(`insert into run_nodes (${nodeColumns}) values (${placeholders(12)})`, row);
  await db.destroy();
}

const folders: string[] = [];
const admin = new pg.Pool({ connectionString, max: 2 });
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
  await admin.end();
});

const targets: Target[] = [
  {
    name: 'SQLite',
    async prepare() {
      const folder = await mkdtemp(path.join(tmpdir(), 'flowgate-migration-'));
      folders.push(folder);
      const file = path.join(folder, 'flowgate.db');
      const database = new BetterSqlite3(file);
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
      await migrateTo(db, BEFORE);
      await seed(
        db,
        async (statement, values) => void database.prepare(statement).run(values),
        (count) => Array.from({ length: count }, () => '?').join(', '),
      );
      return {
        open: () => createSqliteStore({ path: file }),
        tables: async () => {
          const reader = new BetterSqlite3(file, { readonly: true });
          try {
            return reader
              .prepare("select name from sqlite_master where type = 'table'")
              .pluck()
              .all() as string[];
          } finally {
            reader.close();
          }
        },
        drop: () => rm(folder, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async prepare() {
      const schema = `flowgate_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
      await admin.query(`create schema "${schema}"`);
      const pool = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` });
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      await migrateTo(db, BEFORE, { migrationTableSchema: schema });
      const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        await seed(
          db,
          async (statement, values) => void (await client.query(statement, values)),
          (count) => Array.from({ length: count }, (_, index) => `$${index + 1}`).join(', '),
        );
      } finally {
        await client.end();
      }
      return {
        open: () => createPostgresStore({ connectionString, schema }),
        tables: async () => {
          const { rows } = await admin.query<{ name: string }>(
            'select table_name as name from information_schema.tables where table_schema = $1',
            [schema],
          );
          return rows.map((row) => row.name);
        },
        drop: async () => void (await admin.query(`drop schema if exists "${schema}" cascade`)),
      };
    },
  },
];

describe.each(targets)('migration 0013 (node trace into runs.nodes) on $name', (target) => {
  it('copies every run’s node rows into its trace, in position order, and drops run_nodes', async () => {
    const database = await target.prepare();
    const store = database.open();
    try {
      await store.migrate();
      const withNodes = await store.runs.get('p', 'run-1');
      expect(withNodes?.nodes).toEqual(expectedNodes);
      expect((await store.runs.get('p', 'run-2'))?.nodes).toEqual([]);
      expect(await database.tables()).not.toContain('run_nodes');
      // Writes after the migration replace the trace whole.
      const rewritten = { ...(withNodes ?? expect.fail('run-1 is gone')), nodes: expectedNodes.slice(0, 1) };
      await store.runs.save([rewritten]);
      expect((await store.runs.get('p', 'run-1'))?.nodes).toEqual(expectedNodes.slice(0, 1));
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
