import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { flowgate, startServeProcess } from './support/cli.ts';

/** trigger → waitNode (2 s) → response. */
const slowFlow = {
  id: 'slow',
  name: 'Slow',
  nodes: [
    {
      id: 'triggerNode_1',
      data: { nodeId: 'graphqlNode', trigger: true, values: { responeType: 'realtime' } },
    },
    { id: 'wait', data: { nodeId: 'waitNode', values: { nodeName: 'Wait', seconds: 2 } } },
    { id: 'response', data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{"done":true}' } } },
  ],
  edges: [
    { source: 'triggerNode_1', target: 'wait' },
    { source: 'wait', target: 'response' },
  ],
};

const EXECUTE = 'query { executeWorkflow(workflowId: "slow", payload: {}) { status result requestId } }';

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A new request: its status, or the network error's code when the connection is refused. */
async function tryRequest(url: string, headers: Record<string, string>): Promise<number | string> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: EXECUTE }),
    });
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}

describe('graceful shutdown of `flowgate serve` on SIGTERM', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-shutdown-'));
    env = { FLOWGATE_DATA: dataDir, PORT: '0', HOST: '127.0.0.1' };
    const project = JSON.parse(
      await flowgate(['project', 'create', '--name', 'shutdown', '--json'], env),
    ) as {
      id: string;
    };
    const key = JSON.parse(await flowgate(['keys', 'create', '--project', project.id, '--json'], env)) as {
      key: string;
    };
    const flowFile = path.join(dataDir, 'slow.json');
    await writeFile(flowFile, JSON.stringify(slowFlow));
    await flowgate(['flows', 'deploy', flowFile, '--project', project.id, '--json'], env);
    headers = {
      'content-type': 'application/json',
      Authorization: `Bearer ${key.key}`,
      'x-project-id': project.id,
    };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('finishes the sync run in flight, refuses new requests, records the run and exits 0', async () => {
    const server = await startServeProcess(env);
    const exited = exitOf(server.process);
    const started = Date.now();
    const slow = fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: EXECUTE }),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    server.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await tryRequest(server.url, headers);

    const answer = await slow;
    const body = (await answer.json()) as {
      data: { executeWorkflow: { status: string; requestId: string } };
    };
    expect(answer.status).toBe(200);
    expect(body.data.executeWorkflow.status).toBe('success');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(['ECONNREFUSED', 503]).toContain(refused);
    expect(await exited).toBe(0);

    const store = createSqliteStore({ path: path.join(dataDir, 'flowgate.db') });
    try {
      const runs = await store.runs.list((await store.projects.list())[0]?.id ?? '', { limit: 10 });
      expect(runs.find((run) => run.requestId === body.data.executeWorkflow.requestId)?.status).toBe(
        'success',
      );
    } finally {
      await store.close();
    }
  });

  it('cuts requests still in flight once the grace period is over, and still exits 0', async () => {
    const server = await startServeProcess({ ...env, FLOWGATE_SHUTDOWN_GRACE_MS: '300' });
    const exited = exitOf(server.process);
    const slow = fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: EXECUTE }),
    });
    const outcome = slow.then(
      (response) => response.status,
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = Date.now();
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(1500);
    expect(await outcome).toBe('cut');
  });
});
