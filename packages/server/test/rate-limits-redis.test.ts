import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTE_WITH_ID, post, sleep } from './support/slow-flows.ts';
import { createTestProject, startTestServer, type TestServer } from './support/test-server.ts';

/** Distributed mode on the machine's PostgreSQL and Redis (DESIGN.md §7). */
const databaseUrl = process.env.FLOWGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.FLOWGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const hello = {
  query: EXECUTE_WITH_ID,
  variables: { workflowId: 'hello', payload: { url: 'https://r.test' } },
};

describe('rate limits in Redis: two Flowgate servers share one limit', () => {
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    first = await startTestServer({ databaseUrl, redisUrl });
    second = await startTestServer({ databaseUrl, redisUrl });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('holds a key’s limit across both servers, and lets it through on either after Retry-After', async () => {
    const test = await createTestProject(first.app, ['hello.json']);
    const limited = await first.app.apiKeys.create(test.project.id, {
      name: 'shared',
      rateLimitPerSecond: 5,
    });
    const headers = { Authorization: `Bearer ${limited.key}`, 'x-project-id': test.project.id };
    const servers = [first, second];
    // All at once, half to each server, so little refills while they are answered, even on a busy machine.
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, index) => ({
        server: index % 2,
        ...(await post((servers[index % 2] as TestServer).endpoint, hello, headers)),
      })),
    );
    const passed = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    // One bucket (burst 10, 5/s) for both: each server counting alone would pass 20 or more.
    expect(passed.length).toBeGreaterThanOrEqual(10);
    expect(passed.length).toBeLessThanOrEqual(16);
    expect(passed.length + refused.length).toBe(30);
    expect(new Set(passed.map((answer) => answer.server))).toEqual(new Set([0, 1]));
    expect(new Set(refused.map((answer) => answer.server))).toEqual(new Set([0, 1]));
    expect(passed[0]?.headers.get('ratelimit-limit')).toBe('10');
    expect(refused[0]?.headers.get('retry-after')).toBe('1');
    expect(refused[0]?.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');

    await sleep(1000);
    for (const server of servers) expect((await post(server.endpoint, hello, headers)).status).toBe(200);
  });
});
