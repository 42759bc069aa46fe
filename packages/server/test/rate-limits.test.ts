import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, EXECUTE_WITH_ID, type HttpAnswer, post, sleep, waitFlow } from './support/slow-flows.ts';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const hello = {
  query: EXECUTE_WITH_ID,
  variables: { workflowId: 'hello', payload: { url: 'https://r.test' } },
};

function headersOf(test: TestProject, key = test.key.key): Record<string, string> {
  return { Authorization: `Bearer ${key}`, 'x-project-id': test.project.id };
}

/** Sends requests one after another until the first 429 (at most `max`); answers all of them. */
async function untilRefused(endpoint: string, headers: Record<string, string>, max: number) {
  const answers: HttpAnswer[] = [];
  for (let index = 0; index < max; index++) {
    const answer = await post(endpoint, hello, headers);
    answers.push(answer);
    if (answer.status === 429) break;
  }
  return answers;
}

describe('rate limits: token buckets per key and project, concurrency per project', () => {
  let server: TestServer;
  let capped: TestServer;

  beforeAll(async () => {
    [server, capped] = await Promise.all([
      startTestServer({ rateLimitProjectPerSecond: 1000, rateLimitProjectBurst: 1000 }),
      startTestServer({ projectConcurrency: 2 }),
    ]);
  });
  afterAll(() => Promise.all([server.close(), capped.close()]));

  it('refuses a key past its own limit with 429 RATE_LIMITED, Retry-After and RateLimit-* headers', async () => {
    const test = await createTestProject(server.app, ['hello.json']);
    const limited = await server.app.apiKeys.create(test.project.id, {
      name: 'slow client',
      rateLimitPerSecond: 5,
    });
    const answers = await untilRefused(server.endpoint, headersOf(test, limited.key), 30);
    const passed = answers.filter((answer) => answer.status === 200);
    // Burst of 10 (twice the rate), plus what refills while the requests are sent.
    expect(passed.length).toBeGreaterThanOrEqual(10);
    expect(passed.length).toBeLessThanOrEqual(13);
    expect(passed[0]?.headers.get('ratelimit-limit')).toBe('10');
    expect(passed[0]?.headers.get('ratelimit-remaining')).toBe('9');
    expect(Number(passed[0]?.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    const refused = answers.at(-1) as HttpAnswer;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-limit')).toBe('10');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /Too many requests for this API key: it allows 5 per second \(bursts of 10\); retry after 1 s/,
      ),
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
    });

    // Honouring Retry-After is enough: the next request passes.
    await sleep(Number(refused.headers.get('retry-after')) * 1000);
    const after = await post(server.endpoint, hello, headersOf(test, limited.key));
    expect(after.status).toBe(200);
    expect(after.body.data?.executeWorkflow).toMatchObject({ status: 'success' });

    // Other keys of the project have buckets of their own (the default: burst 100).
    const other = await post(server.endpoint, hello, headersOf(test));
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-limit')).toBe('100');
  });

  it('sets the RateLimit-* headers on successful answers of every operation', async () => {
    const test = await createTestProject(server.app, ['hello.json']);
    const first = await post(server.endpoint, hello, headersOf(test));
    const requestId = dataOf<{ requestId: string }>(first, 'executeWorkflow').requestId;
    const status = await post(
      server.endpoint,
      { query: `{ checkStatus(requestId: "${requestId}") }` },
      headersOf(test),
    );
    expect(status.status).toBe(200);
    expect(status.headers.get('ratelimit-limit')).toBe('100');
    expect(status.headers.get('ratelimit-remaining')).toBe('98');
  });

  it('holds a project limit shared by all of the project’s keys', async () => {
    const own = await startTestServer({ rateLimitProjectPerSecond: 2, rateLimitProjectBurst: 4 });
    try {
      const test = await createTestProject(own.app, ['hello.json']);
      const second = await own.app.apiKeys.create(test.project.id, { name: 'second' });
      const keys = [test.key.key, second.key];
      const statuses: number[] = [];
      for (let index = 0; index < 6; index++) {
        statuses.push((await post(own.endpoint, hello, headersOf(test, keys[index % 2]))).status);
      }
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses[5]).toBe(429);
      const refused = await post(own.endpoint, hello, headersOf(test, second.key));
      expect(refused.body.errors?.[0]?.message).toMatch(
        /for this project: it allows 2 per second \(bursts of 4\)/,
      );
      expect(refused.headers.get('ratelimit-limit')).toBe('4');
    } finally {
      await own.close();
    }
  });

  it('caps a project’s sync runs in flight: one over the cap gets 429 with Retry-After', async () => {
    const test = await createTestProject(capped.app, []);
    await capped.app.deploys.deploy(test.project.id, [waitFlow('slow', 1)]);
    const slow = { query: EXECUTE_WITH_ID, variables: { workflowId: 'slow', payload: { n: 1 } } };
    const answers = await Promise.all([0, 1, 2].map(() => post(capped.endpoint, slow, headersOf(test))));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = answers.find((answer) => answer.status === 429) as HttpAnswer;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /already has 2 runs in progress, its concurrency limit; retry after 1 s/,
      ),
      extensions: { code: 'RATE_LIMITED' },
    });
    // The slots are free again once the runs end.
    expect((await post(capped.endpoint, slow, headersOf(test))).status).toBe(200);
  });

  it('runs a batch under the project’s cap: never more than the cap at once', async () => {
    const test = await createTestProject(capped.app, []);
    await capped.app.deploys.deploy(test.project.id, [waitFlow('slow', 1)]);
    const started = performance.now();
    const batch = await post(
      capped.endpoint,
      {
        query:
          'mutation($p: [JSON!]!) { executeWorkflowBatch(workflowId: "slow", payloads: $p) { requestIds } }',
        variables: { p: [1, 2, 3, 4, 5].map((n) => ({ n })) },
      },
      headersOf(test),
    );
    const { requestIds } = dataOf<{ requestIds: string[] }>(batch, 'executeWorkflowBatch');
    for (;;) {
      await capped.app.recorder.flush();
      const runs = await capped.app.store.runs.list(test.project.id, { limit: 10 });
      if (runs.filter((run) => run.status === 'success').length === requestIds.length) {
        expect(maxOverlap(runs.map((run) => [run.startedAt ?? 0, run.finishedAt ?? 0]))).toBeLessThanOrEqual(
          2,
        );
        break;
      }
      if (performance.now() - started > 20_000) throw new Error('the batch did not finish');
      await sleep(100);
    }
    // Five 1 s runs, two at a time: three rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
  });
});

/** The most intervals [start, end) that overlap at one moment. */
function maxOverlap(intervals: [number, number][]): number {
  const events = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  events.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let current = 0;
  let most = 0;
  for (const [, change] of events) {
    current += change as number;
    most = Math.max(most, current);
  }
  return most;
}
