import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/caller.ts';
import { MemoryTokenBuckets } from './memory-token-buckets.ts';
import { type RateDecision, RateLimiter, rateLimitedBody, rateLimitHeaders } from './rate-limiter.ts';

const limits = { keyPerSecond: 2, keyBurst: 4, projectPerSecond: 10, projectBurst: 6 };

function caller(keyId: string | null, rateLimitPerSecond?: number): Caller {
  return {
    projectId: 'project-1',
    keyId,
    keyName: 'k',
    scopes: [],
    via: keyId === null ? 'access-token' : 'api-key',
    ...(rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond }),
  };
}

function setup(options: Partial<typeof limits> = {}) {
  const clock = { now: 1_000_000 };
  const buckets = new MemoryTokenBuckets(() => clock.now);
  const errors: unknown[] = [];
  const limiter = new RateLimiter(buckets, {
    limits: { ...limits, ...options },
    now: () => clock.now,
    onBackendError: (error) => errors.push(error),
  });
  const check = (who: Caller) => limiter.check(who) as RateDecision | undefined;
  return { clock, buckets, limiter, check, errors };
}

describe('RateLimiter with in-memory buckets', () => {
  it('allows the burst, then refuses with the wait until one token is back', () => {
    const { check, clock } = setup();
    const key = caller('key-a');
    const remaining = [1, 2, 3, 4].map(() => check(key)?.remaining);
    expect(remaining).toEqual([3, 2, 1, 0]);
    const refused = check(key);
    expect(refused).toMatchObject({ allowed: false, bucket: 'API key', limit: 4, remaining: 0 });
    expect(refused?.retryAfterSeconds).toBe(1);
    expect(refused?.resetSeconds).toBe(2);
    clock.now += 500;
    expect(check(key)?.allowed).toBe(true);
    expect(check(key)?.allowed).toBe(false);
  });

  it('uses a key’s own rate with a burst of twice it', () => {
    const { check } = setup();
    const key = caller('key-b', 3);
    const allowed = Array.from({ length: 8 }, () => check(key)?.allowed);
    expect(allowed).toEqual([true, true, true, true, true, true, false, false]);
    expect(check(key)).toMatchObject({ limit: 6, bucket: 'API key' });
  });

  it('shares the project bucket between keys, and takes from no bucket when one refuses', () => {
    const { check, clock } = setup({ projectBurst: 5 });
    for (let index = 0; index < 4; index++) expect(check(caller('key-c'))?.allowed).toBe(true);
    expect(check(caller('key-d'))).toMatchObject({ allowed: true, bucket: 'project', remaining: 0 });
    const refused = check(caller('key-e'));
    expect(refused).toMatchObject({ allowed: false, bucket: 'project' });
    // key-e's own bucket was not charged for the refused request: after the project refills, it has its burst.
    clock.now += 10_000;
    expect(check(caller('key-e'))).toMatchObject({ allowed: true, remaining: 3, bucket: 'API key' });
  });

  it('limits access tokens by the project bucket only, and nothing when every rate is 0', () => {
    expect(setup().check(caller(null))).toMatchObject({ bucket: 'project', limit: 6 });
    const off = setup({ keyPerSecond: 0, projectPerSecond: 0 });
    expect(off.check(caller('key-f'))).toBeUndefined();
  });

  it('fails open when the backend fails, telling the error at most every 10 s', async () => {
    const clock = { now: 0 };
    const errors: unknown[] = [];
    const limiter = new RateLimiter(
      { take: () => Promise.reject(new Error('redis down')), close: async () => {} },
      { limits, now: () => clock.now, onBackendError: (error) => errors.push(error) },
    );
    expect(await limiter.check(caller('key-g'))).toBeUndefined();
    expect(await limiter.check(caller('key-g'))).toBeUndefined();
    clock.now += 10_000;
    expect(await limiter.check(caller('key-g'))).toBeUndefined();
    expect(errors).toHaveLength(2);
  });

  it('answers the RateLimit-* headers, Retry-After and a RATE_LIMITED error that says when to retry', () => {
    const { check } = setup();
    const key = caller('key-h', 1);
    expect(rateLimitHeaders(check(key) as RateDecision)).toEqual({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '1',
    });
    check(key);
    const refused = check(key) as RateDecision;
    expect(rateLimitHeaders(refused)).toMatchObject({ 'retry-after': '1', 'ratelimit-remaining': '0' });
    const body = rateLimitedBody(refused);
    expect(body.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(body.message).toMatch(/this API key: it allows 1 per second \(bursts of 2\); retry after 1 s/);
  });

  it('keeps its map bounded', () => {
    const clock = { now: 0 };
    const buckets = new MemoryTokenBuckets(() => clock.now, 100);
    for (let index = 0; index < 1000; index++)
      buckets.take('p', [{ id: `k${index}`, ratePerSecond: 1, burst: 2 }]);
    expect(buckets.size).toBeLessThanOrEqual(101);
    // Across scopes too, and a bucket dropped for room starts full again.
    for (let index = 0; index < 1000; index++)
      buckets.take(`p${index}`, [{ id: 'project', ratePerSecond: 1, burst: 2 }]);
    expect(buckets.size).toBeLessThanOrEqual(101);
    expect(buckets.take('p0', [{ id: 'project', ratePerSecond: 1, burst: 2 }]).tokens).toEqual([1]);
  });

  it('costs a few microseconds a check on the hot path', () => {
    const { check: limiter } = setup({
      keyPerSecond: 1e9,
      keyBurst: 1e9,
      projectPerSecond: 1e9,
      projectBurst: 1e9,
    });
    const callers = Array.from({ length: 1000 }, (_, index) => caller(`key-${index}`));
    const rounds = 200_000;
    for (let index = 0; index < 20_000; index++) limiter(callers[index % 1000] as Caller);
    const started = process.hrtime.bigint();
    for (let index = 0; index < rounds; index++) limiter(callers[index % 1000] as Caller);
    const microseconds = Number(process.hrtime.bigint() - started) / 1000 / rounds;
    console.info(
      `in-memory rate-limit check: ${microseconds.toFixed(3)} µs per request (key + project bucket)`,
    );
    expect(microseconds).toBeLessThan(20);
  });
});
