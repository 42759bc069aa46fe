/**
 * Async runs, embedded and distributed (called by run.ts): how fast Flowgate hands out requestIds
 * (autocannon on an async flow), and how many runs per second it finishes end to end (a burst of
 * runs submitted 32 at a time, timed from the first request until the store has every one finished).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { cli, FLOWGATE, start, stop } from './processes.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_ASYNC_BURST ?? 3000);
const CONNECTIONS = 32;
const DATABASE_URL = process.env.FLOWGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.FLOWGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** trigger (async) → variables → response: the run itself costs little, the path around it is measured. */
const ASYNC_FLOW = {
  id: 'hello-async',
  name: 'Hello, async',
  nodes: [
    {
      id: 'triggerNode_1',
      data: {
        nodeId: 'graphqlNode',
        trigger: true,
        values: { responeType: 'async', advance_schema: '{"n":"number"}' },
      },
    },
    {
      id: 'greet',
      data: {
        nodeId: 'variablesNode',
        values: { mapping: '{"text":{"type":"string","value":"hi {{triggerNode_1.output.n}}"}}' },
      },
    },
    {
      id: 'response',
      data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{"text":"{{greet.output.text}}"}' } },
    },
  ],
  edges: [
    { source: 'triggerNode_1', target: 'greet' },
    { source: 'greet', target: 'response' },
  ],
};

interface Deployment {
  name: string;
  env: Record<string, string>;
  /** Runs not finished yet, and runs that ended in error. */
  counts(): Promise<{ unfinished: number; failed: number }>;
  processes: ChildProcess[];
  cleanUp(): Promise<void>;
}

interface AsyncRow {
  name: string;
  acceptPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  burstRunsPerSecond: number;
  failed: number;
}

export async function measureAsyncRuns(): Promise<void> {
  const rows: AsyncRow[] = [];
  for (const open of [embedded, distributed]) {
    const deployment = await open();
    try {
      rows.push(await measureDeployment(deployment));
    } finally {
      for (const child of deployment.processes) await stop(child);
      await deployment.cleanUp();
    }
  }
  const lines = [
    '',
    `Async runs (${ASYNC_FLOW.nodes.length}-node async flow): accept = autocannon ${CONNECTIONS} connections ` +
      `for ${SECONDS} s, answers carry a requestId; end to end = ${BURST} runs sent ${CONNECTIONS} at a ` +
      'time, from the first request until the store has all finished',
    '',
    '| mode | accept req/s | accept p50 ms | accept p99 ms | non-2xx | end-to-end runs/s | runs failed |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.acceptPerSecond} | ${row.p50Ms} | ${row.p99Ms} | ${row.non2xx} | ` +
        `${row.burstRunsPerSecond} | ${row.failed} |`,
    ),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function measureDeployment(deployment: Deployment): Promise<AsyncRow> {
  const { env } = deployment;
  const project = JSON.parse(await cli(['project', 'create', '--name', 'async-bench', '--json'], env)) as {
    id: string;
  };
  const key = JSON.parse(await cli(['keys', 'create', '--project', project.id, '--json'], env)) as {
    key: string;
  };
  const flowFile = path.join(env.FLOWGATE_DATA as string, 'hello-async.json');
  await writeFile(flowFile, JSON.stringify(ASYNC_FLOW));
  await cli(['flows', 'deploy', flowFile, '--project', project.id, '--json'], env);
  const serve = await start([FLOWGATE, 'serve'], { ...env, PORT: '0' });
  deployment.processes.push(serve.process);
  if (env.REDIS_URL)
    deployment.processes.push((await start([FLOWGATE, 'worker'], env, /(worker started)/)).process);
  const url = `${serve.url}/graphql`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${key.key}`,
    'x-project-id': project.id,
  };
  const body = (n: number) =>
    JSON.stringify({
      query:
        'query Run($id: String!, $payload: JSON) { executeWorkflow(workflowId: $id, payload: $payload) { requestId } }',
      variables: { id: ASYNC_FLOW.id, payload: { n } },
    });

  const accept = await autocannon({
    url,
    method: 'POST',
    headers,
    body: body(1),
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  await drained(deployment, 300_000);

  const startedAt = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < BURST) {
        const response = await fetch(url, { method: 'POST', headers, body: body(next++) });
        await response.arrayBuffer();
      }
    }),
  );
  const { failed } = await drained(deployment, 300_000);
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    name: deployment.name,
    acceptPerSecond: Math.round(accept.requests.average),
    p50Ms: accept.latency.p50,
    p99Ms: accept.latency.p99,
    non2xx: accept.non2xx + accept.errors + accept.timeouts,
    burstRunsPerSecond: Math.round(BURST / seconds),
    failed,
  };
}

/** Waits until every accepted run is finished. */
async function drained(deployment: Deployment, timeoutMs: number): Promise<{ failed: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { unfinished, failed } = await deployment.counts();
    if (unfinished === 0) return { failed };
    if (Date.now() > deadline) throw new Error(`${deployment.name}: ${unfinished} runs still unfinished`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const COUNT_SQL =
  "select sum(case when status in ('queued', 'running') then 1 else 0 end) as unfinished, " +
  "sum(case when status = 'error' then 1 else 0 end) as failed from runs";

async function embedded(): Promise<Deployment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-bench-async-'));
  const env = { ...benchEnv(), FLOWGATE_DATA: dataDir };
  return {
    name: 'embedded: 1 serve (SQLite, store queue)',
    env,
    processes: [],
    async counts() {
      const database = new BetterSqlite3(path.join(dataDir, 'flowgate.db'), { readonly: true });
      try {
        const row = database.prepare(COUNT_SQL).get() as { unfinished: number | null; failed: number | null };
        return { unfinished: row.unfinished ?? 0, failed: row.failed ?? 0 };
      } finally {
        database.close();
      }
    },
    cleanUp: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function distributed(): Promise<Deployment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-bench-async-'));
  const schema = `flowgate_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const prefix = `flowgate:bench-${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  await admin.query(`create schema "${schema}"`);
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = {
    ...benchEnv(),
    FLOWGATE_DATA: dataDir,
    DATABASE_URL: url.toString(),
    REDIS_URL,
    FLOWGATE_REDIS_PREFIX: prefix,
  };
  return {
    name: 'distributed: 1 serve + 1 worker (PostgreSQL, BullMQ)',
    env,
    processes: [],
    async counts() {
      const { rows } = await admin.query<{ unfinished: string | null; failed: string | null }>(
        COUNT_SQL.replace(' from runs', ` from "${schema}".runs`),
      );
      return { unfinished: Number(rows[0]?.unfinished ?? 0), failed: Number(rows[0]?.failed ?? 0) };
    },
    async cleanUp() {
      await admin.query(`drop schema "${schema}" cascade`);
      await admin.end();
      await deleteKeys(prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Limits no benchmark reaches, as in run.ts; queued runs are not capped per project. */
function benchEnv(): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    FLOWGATE_RATE_LIMIT_KEY_PER_SECOND: '0',
    FLOWGATE_RATE_LIMIT_PROJECT_PER_SECOND: '0',
    FLOWGATE_PROJECT_CONCURRENCY: '0',
    FLOWGATE_REQUEST_LOG_SAMPLE: '0',
  };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
