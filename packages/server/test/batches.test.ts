import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, sleep, waitFlow } from './support/slow-flows.ts';
import {
  authHeaders,
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const BATCH =
  'mutation Batch($workflowId: String!, $payloads: [JSON!]!) { executeWorkflowBatch(workflowId: $workflowId, payloads: $payloads) { requestIds count } }';

describe('batches: aliases and executeWorkflowBatch', () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    // Limits off: this file measures batches, rate-limits.test.ts measures the limits.
    server = await startTestServer({ rateLimitKeyPerSecond: 0, rateLimitProjectPerSecond: 0 });
    test = await createTestProject(server.app, ['hello.json']);
    await server.app.deploys.deploy(test.project.id, [waitFlow('slow', 1)]);
  });
  afterAll(() => server.close());

  const batch = (workflowId: string, payloads: unknown[], target = test) =>
    post(server.endpoint, { query: BATCH, variables: { workflowId, payloads } }, authHeaders(target));

  /** Waits until every run is finished; answers them by requestId. */
  async function finished(projectId: string, requestIds: readonly string[], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await server.app.recorder.flush();
      const runs = await server.app.store.runs.list(projectId, { limit: requestIds.length + 10 });
      const done = runs.filter((run) => run.status === 'success' || run.status === 'error');
      if (done.length >= requestIds.length) return new Map(runs.map((run) => [run.requestId, run]));
      if (Date.now() > deadline)
        throw new Error(`${done.length} of ${requestIds.length} runs finished in time`);
      await sleep(100);
    }
  }

  it('runs aliased root fields concurrently: two 1 s flows take about 1 s, not 2', async () => {
    const started = performance.now();
    const { status, body } = await post(
      server.endpoint,
      {
        query:
          'query { a: executeWorkflow(workflowId: "slow", payload: {n: 1}) { result } b: executeWorkflow(workflowId: "slow", payload: {n: 2}) { result } }',
      },
      authHeaders(test),
    );
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    expect(body.data).toEqual({
      a: { result: { n: 1, waited: true } },
      b: { result: { n: 2, waited: true } },
    });
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1700);
  });

  it('accepts 1,000 payloads, answers their requestIds in input order, and runs them all', async () => {
    const own = await createTestProject(server.app, ['hello.json']);
    const payloads = Array.from({ length: 1000 }, (_, index) => ({ url: `https://batch.test/${index}` }));
    const started = performance.now();
    const { status, body } = await batch('hello', payloads, own);
    const acceptedMs = performance.now() - started;
    expect(status).toBe(200);
    const result = body.data?.executeWorkflowBatch as { requestIds: string[]; count: number };
    expect(result.count).toBe(1000);
    expect(new Set(result.requestIds).size).toBe(1000);
    const runs = await finished(own.project.id, result.requestIds, 60_000);
    console.info(
      `batch of 1000: accepted in ${acceptedMs.toFixed(0)} ms, all finished after ${(performance.now() - started).toFixed(0)} ms`,
    );
    result.requestIds.forEach((requestId, index) => {
      const run = runs.get(requestId);
      expect(run).toMatchObject({ status: 'success', mode: 'batch', payload: payloads[index] });
      expect(run?.result).toMatchObject({ url: `https://batch.test/${index}` });
    });
    const status999 = await post(
      server.endpoint,
      { query: `{ checkStatus(requestId: "${result.requestIds[999]}") }` },
      authHeaders(own),
    );
    expect(status999.body.data?.checkStatus).toMatchObject({
      status: 'success',
      output: { url: 'https://batch.test/999' },
    });
  });

  it('refuses more than 1,000 payloads with a 400 that gives the limit, and an empty list', async () => {
    const over = await batch(
      'hello',
      Array.from({ length: 1001 }, () => ({ url: 'u' })),
    );
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 1000 });
    expect(over.body.errors?.[0]?.message).toMatch(
      /payloads holds 1001 items, over the limit of 1000 per executeWorkflowBatch/,
    );
    const empty = await batch('hello', []);
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.message).toMatch(/payloads is empty/);
  });

  it('starts nothing when any payload is invalid, naming each by index', async () => {
    const own = await createTestProject(server.app, ['hello.json']);
    const { status, body } = await batch(
      'hello',
      [{ url: 'https://ok.test' }, { url: 5 }, { url: 'https://ok.test' }, {}, 'not an object'],
      own,
    );
    expect(status).toBe(400);
    const error = body.errors?.[0];
    expect(error?.extensions.code).toBe('INVALID_PAYLOAD');
    expect(error?.message).toMatch(
      /^3 of 5 payloads do not match the workflow's inputs, so no run was started: /,
    );
    expect(error?.message).toMatch(/payloads\[1\]: .*url/);
    expect(error?.message).toMatch(/payloads\[3\]: .*url/);
    expect(error?.message).toMatch(/payloads\[4\]: payload must be a JSON object/);
    expect(((error?.extensions.items ?? []) as { index: number }[]).map((item) => item.index)).toEqual([
      1, 3, 4,
    ]);
    await server.app.recorder.flush();
    expect(await server.app.store.runs.list(own.project.id, { limit: 10 })).toEqual([]);
  });

  it('refuses an unknown workflow and a null item like any execute', async () => {
    const unknown = await batch('nope', [{}]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('WORKFLOW_NOT_FOUND');
    const nullItem = await batch('hello', [{ url: 'a' }, null]);
    expect(nullItem.status).toBe(400);
  });
});
