import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenBuckets } from './redis-token-buckets.ts';

/** The machine's Redis (DESIGN.md §7); every test uses a scope (project id) of its own. */
const url = process.env.FLOWGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisTokenBuckets', () => {
  let first: RedisTokenBuckets;
  let second: RedisTokenBuckets;
  let inspect: Redis;

  beforeAll(() => {
    first = RedisTokenBuckets.open(url);
    second = RedisTokenBuckets.open(url);
    inspect = new Redis(url);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await inspect.quit();
  });

  it('shares a bucket between clients: the burst holds across them', async () => {
    const scope = randomUUID();
    const spec = [{ id: 'key:a', ratePerSecond: 1, burst: 4 }];
    const answers = [];
    for (let index = 0; index < 6; index++)
      answers.push(await (index % 2 ? first : second).take(scope, spec));
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, true, true, false, false]);
    expect(answers[0]?.tokens[0]).toBeCloseTo(3, 1);
    expect(answers[5]?.tokens[0]).toBeLessThan(1);
  });

  it('takes from every bucket or none, atomically under concurrency', async () => {
    const scope = randomUUID();
    const specs = [
      { id: 'key:a', ratePerSecond: 0.001, burst: 100 },
      { id: 'project', ratePerSecond: 0.001, burst: 10 },
    ];
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 ? first : second).take(scope, specs)),
    );
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
    const key = await inspect.hget(`flowgate:rate:{${scope}}:key:a`, 'tokens');
    expect(Number(key)).toBeCloseTo(90, 0);
  });

  it('refills with time and expires an idle bucket once it would be full', async () => {
    const scope = randomUUID();
    const spec = [{ id: 'key:a', ratePerSecond: 20, burst: 2 }];
    await first.take(scope, spec);
    await first.take(scope, spec);
    expect((await first.take(scope, spec)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await second.take(scope, spec)).allowed).toBe(true);
    const ttl = await inspect.pttl(`flowgate:rate:{${scope}}:key:a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1100);
  });

  it('loads the script again after SCRIPT FLUSH', async () => {
    await inspect.script('FLUSH');
    const answer = await first.take(randomUUID(), [{ id: 'project', ratePerSecond: 1, burst: 1 }]);
    expect(answer).toEqual({ allowed: true, tokens: [0] });
  });

  it('costs one round trip a check; requests in flight share round trips (auto-pipelining)', async () => {
    const scope = randomUUID();
    const specs = [
      { id: 'key:a', ratePerSecond: 1e9, burst: 1e9 },
      { id: 'project', ratePerSecond: 1e9, burst: 1e9 },
    ];
    for (let index = 0; index < 200; index++) await first.take(scope, specs);
    let started = performance.now();
    for (let index = 0; index < 2000; index++) await first.take(scope, specs);
    const sequential = ((performance.now() - started) * 1000) / 2000;
    started = performance.now();
    for (let round = 0; round < 100; round++) {
      await Promise.all(Array.from({ length: 32 }, () => first.take(scope, specs)));
    }
    const concurrent = ((performance.now() - started) * 1000) / 3200;
    console.info(
      `Redis rate-limit check: ${sequential.toFixed(0)} µs one at a time, ${concurrent.toFixed(0)} µs each with 32 in flight`,
    );
    expect(sequential).toBeLessThan(5000);
  });

  it('fails fast when Redis cannot be reached', async () => {
    const nowhere = RedisTokenBuckets.open('redis://127.0.0.1:1', { commandTimeoutMs: 200 });
    const started = performance.now();
    await expect(nowhere.take('p', [{ id: 'project', ratePerSecond: 1, burst: 1 }])).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1500);
    await nowhere.close();
  });
});
