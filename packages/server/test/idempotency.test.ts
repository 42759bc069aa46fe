import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, EXECUTE_WITH_ID, post, sleep, waitFlow } from './support/slow-flows.ts';
import { authHeaders, createTestProject, startTestServer, type TestServer } from './support/test-server.ts';

const failingFlow = {
  id: 'fails',
  name: 'Fails',
  nodes: [
    { id: 'triggerNode_1', data: { nodeId: 'graphqlNode', trigger: true, values: {} } },
    { id: 'code', data: { nodeId: 'codeNode', values: { code: 'throw new Error("no stock left");' } } },
    { id: 'response', data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{}' } } },
  ],
  edges: [
    { source: 'triggerNode_1', target: 'code' },
    { source: 'code', target: 'response' },
  ],
};

describe('Idempotency-Key on executeWorkflow', () => {
  let server: TestServer;
  let shortWindow: TestServer;

  beforeAll(async () => {
    [server, shortWindow] = await Promise.all([
      startTestServer(),
      startTestServer({ idempotencyWindowMs: 700 }),
    ]);
  });
  afterAll(() => Promise.all([server.close(), shortWindow.close()]));

  async function project(target = server) {
    const test = await createTestProject(target.app, ['hello.json']);
    await target.app.deploys.deploy(test.project.id, [
      waitFlow('slow', 1),
      waitFlow('slow-async', 1, 'async'),
      failingFlow,
    ]);
    const execute = (workflowId: string, payload: unknown, key: string | undefined) =>
      post(
        target.endpoint,
        { query: EXECUTE_WITH_ID, variables: { workflowId, payload } },
        { ...authHeaders(test), ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
      );
    const runs = async () => {
      await target.app.recorder.flush();
      return target.app.store.runs.list(test.project.id, { limit: 100 });
    };
    return { test, execute, runs };
  }

  it('answers a repeat with the first run’s requestId and result, running once', async () => {
    const { execute, runs } = await project();
    const first = await execute('hello', { url: 'https://one.test' }, 'order-1');
    expect(first.status).toBe(200);
    const answer = dataOf<{ requestId: string; result: unknown }>(first, 'executeWorkflow');
    expect(answer.result).toMatchObject({ url: 'https://one.test' });
    // Same payload, keys in another order: the same request.
    const again = await execute('hello', { url: 'https://one.test' }, 'order-1');
    expect(again.body.data?.executeWorkflow).toEqual(answer);
    expect(await runs()).toHaveLength(1);
    const other = await execute('hello', { url: 'https://one.test' }, 'order-2');
    expect(dataOf<{ requestId: string }>(other, 'executeWorkflow').requestId).not.toBe(answer.requestId);
    await execute('hello', { url: 'https://one.test' }, undefined);
    expect(await runs()).toHaveLength(3);
  });

  it('refuses the key with another payload or workflow: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const { execute, runs } = await project();
    await execute('hello', { url: 'https://a.test' }, 'reused');
    for (const [workflowId, payload] of [
      ['hello', { url: 'https://b.test' }],
      ['slow', {}],
    ] as const) {
      const refused = await execute(workflowId, payload, 'reused');
      expect(refused.status).toBe(422);
      expect(refused.body.errors?.[0]?.extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(refused.body.errors?.[0]?.message).toMatch(
        /Idempotency-Key "reused" was already used in this project with a different workflowId or payload; send a new Idempotency-Key/,
      );
    }
    expect(await runs()).toHaveLength(1);
  });

  it('keys are per project: another project’s same key is another run', async () => {
    const a = await project();
    const b = await project();
    const first = await a.execute('hello', { url: 'https://x.test' }, 'shared-key');
    const second = await b.execute('hello', { url: 'https://y.test' }, 'shared-key');
    expect(second.status).toBe(200);
    expect(second.body.data?.executeWorkflow).toMatchObject({ result: { url: 'https://y.test' } });
    expect(first.body.data?.executeWorkflow).not.toEqual(second.body.data?.executeWorkflow);
  });

  it('runs the flow once for concurrent requests with one key; they all get its answer', async () => {
    const { execute, runs } = await project();
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => execute('slow', { n: 7 }, 'concurrent-1')),
    );
    expect(performance.now() - started).toBeLessThan(1900);
    const results = answers.map((answer) => dataOf<{ requestId: string }>(answer, 'executeWorkflow'));
    expect(new Set(results.map((result) => result.requestId)).size).toBe(1);
    expect(results[0]).toMatchObject({ status: 'success', result: { n: 7, waited: true } });
    expect(await runs()).toHaveLength(1);
  });

  it('answers a repeated async execute with the same requestId, whatever the run’s state', async () => {
    const { execute, runs } = await project();
    const first = await execute('slow-async', { n: 1 }, 'async-1');
    const requestId = dataOf<{ requestId: string }>(first, 'executeWorkflow').requestId;
    const whileQueued = await execute('slow-async', { n: 1 }, 'async-1');
    expect(whileQueued.body.data?.executeWorkflow).toEqual({
      status: 'success',
      result: { requestId },
      requestId,
    });
    await sleep(1300);
    const afterwards = await execute('slow-async', { n: 1 }, 'async-1');
    expect(dataOf<{ requestId: string }>(afterwards, 'executeWorkflow').requestId).toBe(requestId);
    const recorded = await runs();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ requestId, status: 'success', mode: 'async' });
  });

  it('answers a repeat of a failed run with the same WORKFLOW_FAILED error and requestId', async () => {
    const { execute, runs } = await project();
    const first = await execute('fails', {}, 'fails-1');
    const again = await execute('fails', {}, 'fails-1');
    expect(first.body.errors?.[0]?.message).toMatch(/no stock left/);
    expect(again.body.errors?.[0]).toEqual(first.body.errors?.[0]);
    expect(again.body.errors?.[0]?.extensions.requestId).toEqual(expect.any(String));
    expect(await runs()).toHaveLength(1);
  });

  it('forgets a key once its window has passed: the next request runs again', async () => {
    const { execute, runs } = await project(shortWindow);
    const first = await execute('hello', { url: 'https://w.test' }, 'expiring');
    await sleep(800);
    const later = await execute('hello', { url: 'https://other.test' }, 'expiring');
    expect(later.status).toBe(200);
    expect(later.body.data?.executeWorkflow).toMatchObject({ result: { url: 'https://other.test' } });
    const ids = [first, later].map(
      (answer) => dataOf<{ requestId: string }>(answer, 'executeWorkflow').requestId,
    );
    expect(ids[0]).not.toBe(ids[1]);
    const recorded = await runs();
    expect(recorded).toHaveLength(2);
    expect(recorded.find((run) => run.requestId === ids[0])?.idempotencyKey).toBeNull();
    expect(recorded.find((run) => run.requestId === ids[1])?.idempotencyKey).toBe('expiring');
  });

  it('refuses a key that is too long or not printable with a 400 that says what a key must be', async () => {
    const { execute, runs } = await project();
    for (const key of ['k'.repeat(256), 'caf\u00e9']) {
      const refused = await execute('hello', { url: 'https://x.test' }, key);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
      expect(refused.body.errors?.[0]?.message).toMatch(
        /Idempotency-Key header .*send 1 to 255 printable ASCII/,
      );
    }
    expect(await runs()).toHaveLength(0);
  });
});
