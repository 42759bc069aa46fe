import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  nextAttemptDelayMs,
  parseRetryAfter,
  DEFAULT_WEBHOOK_RETRY_POLICY as policy,
} from './webhook-retry-policy.ts';

const middle = () => 0.5;
const minute = 60_000;
const hour = 60 * minute;

describe('webhook retry policy', () => {
  it('doubles from 30 s and caps at 1 h between attempts', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((failed) => backoffDelayMs(policy, failed, middle));
    expect(delays).toEqual([
      30_000,
      minute,
      2 * minute,
      4 * minute,
      8 * minute,
      16 * minute,
      32 * minute,
      hour,
      hour,
      hour,
    ]);
  });

  it('spreads delays by ±20 % jitter, never past the cap', () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(24_000);
    expect(backoffDelayMs(policy, 1, () => 0.999_999)).toBe(36_000);
    expect(backoffDelayMs(policy, 12, () => 0.999_999)).toBe(hour);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelayMs(policy, 3)));
    expect(seen.size).toBeGreaterThan(40);
    for (const delay of seen) expect(delay).toBeGreaterThanOrEqual(96_000);
  });

  it('gives up once the next attempt would fall past 24 h after creation', () => {
    const createdAt = 1_000_000;
    const state = { failedAttempts: 20, createdAt, retryAfterMs: undefined };
    expect(nextAttemptDelayMs(policy, { ...state, now: createdAt + 22 * hour }, middle)).toBe(hour);
    expect(nextAttemptDelayMs(policy, { ...state, now: createdAt + 23.5 * hour }, middle)).toBeUndefined();
  });

  it('waits as long as Retry-After asks, even past the cap, within the deadline', () => {
    const state = { failedAttempts: 1, createdAt: 0, now: 0 };
    expect(nextAttemptDelayMs(policy, { ...state, retryAfterMs: 2_000 }, middle)).toBe(2_000);
    expect(nextAttemptDelayMs(policy, { ...state, retryAfterMs: 2 * hour }, middle)).toBe(2 * hour);
    expect(nextAttemptDelayMs(policy, { ...state, retryAfterMs: 25 * hour }, middle)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
