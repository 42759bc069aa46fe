import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from '../../server/test/support/test-server.ts';
import { type BatchOptions, Flowgate, InvalidPayloadError, NotFoundError } from '../src/index.ts';

describe('batch: 500 runs against a key limited to 50 requests a second', () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app, ['hello.json']);
  });
  afterAll(() => server.close());

  /** A client on a fresh key of 50/s (burst 100), so each test starts with a full bucket. */
  async function limitedClient(onRequest: () => void = () => {}) {
    const key = await server.app.apiKeys.create(test.project.id, { name: 'batch', rateLimitPerSecond: 50 });
    const counting: typeof fetch = (input, init) => {
      onRequest();
      return fetch(input, init);
    };
    return new Flowgate({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: key.key,
      fetch: counting,
    });
  }

  const items = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      workflowId: 'hello',
      payload: { url: `${prefix}/${index}` },
    }));

  async function runsOf(prefix: string) {
    await server.app.recorder.flush();
    const runs = await server.app.store.runs.list(test.project.id, { limit: 5000 });
    return runs.filter((run) => JSON.stringify(run.payload).includes(prefix));
  }

  async function runBatch(prefix: string, options: BatchOptions) {
    let requests = 0;
    const client = await limitedClient(() => {
      requests += 1;
    });
    const slowdowns: number[] = [];
    const started = performance.now();
    const outcomes = await client.batch(items(prefix, 500), {
      ...options,
      onRateLimited: ({ concurrency }) => slowdowns.push(concurrency),
    });
    const elapsedMs = performance.now() - started;
    outcomes.forEach((outcome, index) => {
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
      expect(outcome.ok && outcome.result).toMatchObject({ url: `${prefix}/${index}` });
    });
    expect(await runsOf(prefix)).toHaveLength(500);
    return { slowdowns, elapsedMs, requests };
  }

  it('one request per item: slows down on 429 and finishes with no error, each flow run once', async () => {
    const { slowdowns, elapsedMs, requests } = await runBatch('https://requests.test', {
      via: 'requests',
      concurrency: 16,
    });
    console.info(
      `batch of 500 by requests at 50/s: ${elapsedMs.toFixed(0)} ms, ${requests} requests, ${slowdowns.length} 429s`,
    );
    expect(slowdowns.length).toBeGreaterThan(0);
    // 100 at once (the burst), then 50 a second: at least 8 s.
    expect(elapsedMs).toBeGreaterThan(7500);
  }, 60_000);

  it('executeWorkflowBatch for many items of one flow: a few requests, no error', async () => {
    const { elapsedMs, requests, slowdowns } = await runBatch('https://server.test', {});
    console.info(
      `batch of 500 by executeWorkflowBatch at 50/s: ${elapsedMs.toFixed(0)} ms, ${requests} requests`,
    );
    // One executeWorkflowBatch, then rounds of 10 status requests (50 runs each).
    expect(requests).toBeLessThan(60);
    expect(slowdowns).toEqual([]);
  }, 60_000);

  it('gives each invalid item its own error and runs the rest, in input order', async () => {
    const client = await limitedClient();
    const outcomes = await client.batch(
      [
        { workflowId: 'hello', payload: { url: 'https://mixed.test/0' } },
        { workflowId: 'hello', payload: { url: 5 } },
        { workflowId: 'hello', payload: { url: 'https://mixed.test/2' } },
        { workflowId: 'missing', payload: {} },
      ],
      { serverBatchFrom: 2 },
    );
    expect(outcomes[0]).toMatchObject({ ok: true, result: { url: 'https://mixed.test/0' } });
    expect(outcomes[1]?.ok === false && outcomes[1].error).toBeInstanceOf(InvalidPayloadError);
    expect(outcomes[1]?.ok === false && (outcomes[1].error as InvalidPayloadError).fields).toEqual([
      { field: 'url', message: 'must be string, got number 5' },
    ]);
    expect(outcomes[2]).toMatchObject({ ok: true, result: { url: 'https://mixed.test/2' } });
    expect(outcomes[3]?.ok === false && outcomes[3].error).toBeInstanceOf(NotFoundError);
  });
});
