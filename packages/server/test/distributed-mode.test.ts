/**
 * The distributed mode as it runs in production: `flowgate serve` and `flowgate worker` processes on
 * the machine's PostgreSQL (a schema of their own) and Redis (a key prefix of their own). A worker
 * is killed with SIGKILL in the middle of 1,000 async runs; every accepted run must end `success`
 * exactly once. Also: cache invalidation across processes, and the lamatic SDK's polling.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Lamatic } from 'lamatic';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASYNC_FLOW_NODES,
  asyncFlow,
  sleep,
  submitRuns,
  waitUntil,
  writeFlowFile,
} from './support/async-runs.ts';
import { flowgate, startServeProcess, startWorkerProcess, stopProcess } from './support/cli.ts';
import { createTestSchema } from './support/postgres-schema.ts';
import { createRedisPrefix, TEST_REDIS_URL } from './support/redis-prefix.ts';
import { postGraphql } from './support/test-server.ts';

const RUNS = 1000;

const everySecond = {
  id: 'tick',
  name: 'Every second',
  nodes: [
    {
      id: 'triggerNode_1',
      data: { nodeId: 'cronNode', trigger: true, values: { cronExpression: '* * * * * *' } },
    },
    {
      id: 'response',
      data: {
        nodeId: 'graphqlResponseNode',
        values: { outputMapping: '{"at":"{{triggerNode_1.output.firedAt}}"}' },
      },
    },
  ],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

describe('distributed mode: 2 serve + 2 worker processes on PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createTestSchema>>;
  let redis: ReturnType<typeof createRedisPrefix>;
  let folder: string;
  let env: Record<string, string>;
  let db: pg.Pool;
  const servers: { process: ChildProcess; url: string }[] = [];
  const workers: { process: ChildProcess; output: () => string }[] = [];
  let projectId: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await createTestSchema();
    redis = createRedisPrefix();
    folder = await mkdtemp(path.join(tmpdir(), 'flowgate-distributed-'));
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      FLOWGATE_REDIS_PREFIX: redis.prefix,
      // One data folder for all: it holds the master key that every process must share.
      FLOWGATE_DATA: folder,
      PORT: '0',
      // Caches trusted for a minute: only the invalidation channel can explain a change seen sooner.
      FLOWGATE_AUTH_CACHE_MS: '60000',
      // A killed worker's runs come back after 3 s instead of 30.
      FLOWGATE_QUEUE_LEASE_MS: '3000',
      FLOWGATE_WORKER_CONCURRENCY: '64',
      FLOWGATE_PROJECT_CONCURRENCY: '0',
      FLOWGATE_RATE_LIMIT_KEY_PER_SECOND: '0',
      FLOWGATE_RATE_LIMIT_PROJECT_PER_SECOND: '0',
    };
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    projectId = JSON.parse(await flowgate(['project', 'create', '--name', 'scale', '--json'], env)).id;
    const key = JSON.parse(await flowgate(['keys', 'create', '--project', projectId, '--json'], env)).key;
    headers = { authorization: `Bearer ${key}`, 'x-project-id': projectId };
    const file = await writeFlowFile(folder, asyncFlow('later'));
    await flowgate(['flows', 'deploy', file, '--project', projectId, '--json'], env);
    // Pushed as each starts, so that afterAll stops them even if another fails to start.
    await Promise.all([
      startServeProcess(env).then((server) => servers.push(server)),
      startServeProcess(env).then((server) => servers.push(server)),
      startWorkerProcess(env).then((worker) => workers.push(worker)),
      startWorkerProcess(env).then((worker) => workers.push(worker)),
    ]);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([...servers, ...workers].map((child) => stopProcess(child.process)));
    await db?.end();
    await database?.drop();
    await redis?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const endpoints = () => servers.map((server) => `${server.url}/graphql`);
  const statusCounts = async () => {
    const { rows } = await db.query<{ status: string; count: number }>(
      'select status, count(*)::int as count from runs where project_id = $1 group by status',
      [projectId],
    );
    const counts: Record<string, unknown> = Object.fromEntries(rows.map((row) => [row.status, row.count]));
    if (counts.error !== undefined) {
      // Says why, should it ever fail.
      const { rows: failed } = await db.query('select error from runs where status = $1 limit 1', ['error']);
      counts.firstError = failed[0]?.error;
    }
    return counts as Record<string, number>;
  };

  it('finishes every one of 1,000 async runs exactly once when a worker is killed half-way', async () => {
    const startedAt = Date.now();
    let killedAt = 0;
    const victim = workers[0] as { process: ChildProcess };
    // Kills the first worker once half the runs are done, while it holds runs in hand.
    const killer = waitUntil(statusCounts, (counts) => (counts.success ?? 0) >= RUNS / 2, 90_000, 100).then(
      async (counts) => {
        const { rows } = await db.query('select count(*)::int as count from runs where status = $1', [
          'running',
        ]);
        victim.process.kill('SIGKILL');
        killedAt = Date.now();
        return { counts, running: (rows[0] as { count: number }).count };
      },
    );
    const submitted = await submitRuns({
      endpoints: endpoints(),
      headers,
      workflowId: 'later',
      count: RUNS,
      concurrency: 32,
    });
    expect(submitted.failed).toBe(0);
    expect(new Set(submitted.accepted).size).toBe(RUNS);
    const atKill = await killer;
    expect(atKill.running).toBeGreaterThan(0);

    const counts = await waitUntil(statusCounts, (value) => (value.success ?? 0) >= RUNS, 90_000);
    expect(counts).toEqual({ success: RUNS });
    const { rows: runs } = await db.query<{ request_id: string }>(
      'select request_id from runs where project_id = $1',
      [projectId],
    );
    expect(new Set(runs.map((row) => row.request_id))).toEqual(new Set(submitted.accepted));
    // Node records of re-run runs were replaced, not added to.
    const { rows: nodes } = await db.query<{ rows: number; distinct: number }>(
      `select count(*)::int as rows, count(distinct (request_id, node ->> 'nodeId'))::int as distinct
       from runs, json_array_elements(runs.nodes::json) as node`,
    );
    expect(nodes[0]).toEqual({ rows: RUNS * ASYNC_FLOW_NODES, distinct: RUNS * ASYNC_FLOW_NODES });
    await expectQueueEmpty();
    process.stdout.write(
      `distributed: ${RUNS} runs in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; worker killed with ` +
        `${atKill.running} runs running, ${atKill.counts.success} done; the rest finished ` +
        `${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill\n`,
    );

    for (const requestId of submitted.accepted.slice(0, 20)) {
      const { body } = await postGraphql(
        endpoints()[1] as string,
        { query: 'query($id: String!) { checkStatus(requestId: $id) }', variables: { id: requestId } },
        headers,
      );
      expect(body.data?.checkStatus).toMatchObject({
        status: 'success',
        output: { text: expect.stringMatching(/^hi \d+$/) },
      });
    }
  }, 180_000);

  it('lets the lamatic SDK poll an async run to success through another serve process', async () => {
    const key = headers.authorization?.slice('Bearer '.length) as string;
    const starter = new Lamatic({ endpoint: endpoints()[0] as string, projectId, apiKey: key });
    const started = await starter.executeFlow('later', { n: 7 });
    expect(started).toMatchObject({ status: 'success', result: { requestId: expect.any(String) } });
    const requestId = (started.result as { requestId: string }).requestId;
    const poller = new Lamatic({ endpoint: endpoints()[1] as string, projectId, apiKey: key });
    const done = await poller.checkStatus(requestId, 0.1, 20);
    expect(done).toMatchObject({ status: 'success', output: { n: 7, text: 'hi 7' } });
  });

  it('refuses a key revoked through the CLI on every serve process within a second', async () => {
    const created = JSON.parse(
      await flowgate(['keys', 'create', '--project', projectId, '--name', 'to-revoke', '--json'], env),
    ) as { id: string; key: string };
    const auth = { authorization: `Bearer ${created.key}`, 'x-project-id': projectId };
    const ask = (endpoint: string) =>
      postGraphql(
        endpoint,
        { query: 'query($id: String!) { checkStatus(requestId: $id) }', variables: { id: 'x' } },
        auth,
      );
    // Both processes now hold the key in their caches, trusted for a minute.
    for (const endpoint of endpoints()) expect((await ask(endpoint)).status).not.toBe(401);
    await flowgate(['keys', 'revoke', created.id, '--project', projectId], env);
    const revokedAt = Date.now();
    for (const endpoint of endpoints()) {
      await waitUntil(
        () => ask(endpoint),
        (answer) => answer.status === 401,
        1000,
        20,
      );
    }
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it('runs a new deployment on every serve process at once, and workers run what each run was accepted on', async () => {
    const file = await writeFlowFile(folder, asyncFlow('later', 'hello'));
    await flowgate(['flows', 'deploy', file, '--project', projectId, '--json'], env);
    const key = headers.authorization?.slice('Bearer '.length) as string;
    for (const endpoint of endpoints()) {
      const lamatic = new Lamatic({ endpoint, projectId, apiKey: key });
      const started = await lamatic.executeFlow('later', { n: 1 });
      const requestId = (started.result as { requestId: string }).requestId;
      const done = await lamatic.checkStatus(requestId, 0.1, 20);
      expect(done).toMatchObject({ status: 'success', output: { text: 'hello 1' } });
    }
  });

  it('runs each tick of a schedule once, though every serve process schedules it', async () => {
    const other = JSON.parse(await flowgate(['project', 'create', '--name', 'cron', '--json'], env))
      .id as string;
    const deploy = async (flow: { id: string }) =>
      flowgate(['flows', 'deploy', await writeFlowFile(folder, flow), '--project', other, '--json'], env);
    await deploy(asyncFlow('later'));
    await deploy(everySecond);
    await sleep(4500);
    // Deployment 1 has no schedule: the ticks stop.
    await flowgate(['flows', 'rollback', '1', '--project', other], env);
    await sleep(1500);
    const { rows } = await db.query<{ payload: string; status: string }>(
      'select payload, status from runs where project_id = $1',
      [other],
    );
    const ticks = rows.map((row) => (JSON.parse(row.payload) as { firedAt: string }).firedAt);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(rows.every((row) => row.status === 'success')).toBe(true);
  });

  it('stops a worker on SIGTERM with exit code 0', async () => {
    const survivor = workers[1] as { process: ChildProcess; output: () => string };
    const startedAt = Date.now();
    expect(await stopProcess(survivor.process)).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  async function expectQueueEmpty(): Promise<void> {
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('run', { connection, prefix: redis.prefix });
    try {
      await sleep(200);
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed');
      expect(counts).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0 });
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }
});
