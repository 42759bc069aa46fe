/**
 * What the group-commit recorder pays per run: `runs.save` of batches of 100 runs with 3 nodes each,
 * as inserts and as re-saves (updates), on SQLite and PostgreSQL, next to the shared Kysely path each
 * adapter replaces. Prints the median of several rounds, wall and CPU time of this process (CPU is the
 * steadier figure on a busy machine; PostgreSQL's own CPU is not in it).
 *
 *   node --import tsx packages/server/src/store/runs-save-benchmark.ts [postgres://…]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyRunRepository } from './kysely/run-repository.ts';
import { createPostgresStore } from './postgres/postgres-store.ts';
import type { Database } from './schema.ts';
import { WriteLockingSqliteDialect } from './sqlite/sqlite-dialect.ts';
import { createSqliteStore } from './sqlite/sqlite-store.ts';
import type { RunRepository, RunWithNodes, Store } from './store.ts';

const runsPerBatch = 100;
const batchesPerRound = 30;
const rounds = 5;
const databaseUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';

let sequence = 0;
/** UUIDv7-like: time first, so consecutive ids land on the same B-tree pages. */
function timeOrderedId(): string {
  sequence += 1;
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(7, '0')}-${randomUUID().slice(19)}`;
}

function batch(projectId: string, newId: () => string): RunWithNodes[] {
  return Array.from({ length: runsPerBatch }, () => {
    const requestId = newId();
    const now = Date.now();
    return {
      run: {
        requestId,
        projectId,
        flowId: 'support-bot',
        deploymentNumber: 3,
        mode: 'sync',
        status: 'success',
        payload: { question: 'What is the capital of France?', user: { id: 42, locale: 'fr-FR' } },
        result: { answer: 'Paris is the capital of France.', sources: ['wiki'] },
        error: null,
        apiKeyId: 'key-1',
        idempotencyKey: null,
        createdAt: now,
        startedAt: now,
        finishedAt: now + 12,
        durationMs: 12,
        totalTokens: 40,
        costUsd: 0.00012,
      },
      nodes: [0, 1, 2].map((position) => ({
        requestId,
        position,
        nodeId: `node_${position}`,
        kind: position === 1 ? 'LLMNode' : 'codeNode',
        name: `Node ${position}`,
        status: 'success' as const,
        input: { question: 'What is the capital of France?' },
        output: { generatedResponse: 'Paris is the capital of France.' },
        error: null,
        startedAt: now,
        durationMs: 4,
        totalTokens: position === 1 ? 40 : null,
      })),
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(write: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await write();
  const cpu = process.cpuUsage(cpuStart);
  const runs = batchesPerRound * runsPerBatch;
  return {
    wall: Number(process.hrtime.bigint() - wallStart) / 1000 / runs,
    cpu: (cpu.user + cpu.system) / runs,
  };
}

async function measure(label: string, store: Store, runs: RunRepository, newId: () => string) {
  const projectId = randomUUID();
  await store.projects.create({ id: projectId, name: label, createdAt: Date.now() });
  for (let warmUp = 0; warmUp < 3; warmUp++) await runs.save(batch(projectId, newId));
  const inserts: { wall: number; cpu: number }[] = [];
  const updates: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const batches = Array.from({ length: batchesPerRound }, () => batch(projectId, newId));
    inserts.push(await timed(() => saveAll(runs, batches)));
    updates.push(await timed(() => saveAll(runs, batches)));
  }
  const format = (samples: { wall: number; cpu: number }[]) =>
    `${median(samples.map((s) => s.wall)).toFixed(1)} µs wall, ${median(samples.map((s) => s.cpu)).toFixed(1)} µs cpu`;
  console.log(`${label.padEnd(44)} insert ${format(inserts)} | re-save ${format(updates)}`);
}

async function saveAll(runs: RunRepository, batches: RunWithNodes[][]): Promise<void> {
  for (const entries of batches) await runs.save(entries);
}

async function benchmarkSqlite(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'flowgate-runs-bench-'));
  try {
    const store = createSqliteStore({ path: join(folder, 'flowgate.db') });
    await store.migrate();
    await measure('SQLite prepared statements, random UUIDs', store, store.runs, randomUUID);
    await measure('SQLite prepared statements, time-ordered ids', store, store.runs, timeOrderedId);
    const shared = new Kysely<Database>({
      dialect: new WriteLockingSqliteDialect({ database: new BetterSqlite3(join(folder, 'flowgate.db')) }),
    });
    await measure(
      'SQLite shared Kysely path, time-ordered ids',
      store,
      new KyselyRunRepository(shared),
      timeOrderedId,
    );
    await shared.destroy();
    await store.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function benchmarkPostgres(): Promise<void> {
  const schema = `flowgate_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await admin.query(`create schema ${schema}`);
  const store = createPostgresStore({ connectionString: databaseUrl, schema });
  const shared = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}` }),
    }),
  });
  try {
    await store.migrate();
    await measure('PostgreSQL unnest, random UUIDs', store, store.runs, randomUUID);
    await measure('PostgreSQL unnest, time-ordered ids', store, store.runs, timeOrderedId);
    await measure(
      'PostgreSQL shared Kysely VALUES, time-ordered',
      store,
      new KyselyRunRepository(shared),
      timeOrderedId,
    );
  } finally {
    await shared.destroy();
    await store.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await benchmarkSqlite();
await benchmarkPostgres();
