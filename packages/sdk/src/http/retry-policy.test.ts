import { describe, expect, it } from 'vitest';
import { FlowgateError } from '../errors/flowgate-error.ts';
import { NetworkError } from '../errors/network-error.ts';
import { RateLimitError } from '../errors/rate-limit-error.ts';
import { backoffDelay, DEFAULT_RETRY, retryDelay } from './retry-policy.ts';

const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('draws full jitter between 0 and a doubling ceiling, capped at maxDelayMs', () => {
    expect([0, 1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, options, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    const draws = Array.from({ length: 2000 }, () => backoffDelay(2, options));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(400);
    // Uniform: the mean sits near half the ceiling.
    expect(draws.reduce((sum, draw) => sum + draw, 0) / draws.length).toBeGreaterThan(170);
    expect(draws.reduce((sum, draw) => sum + draw, 0) / draws.length).toBeLessThan(230);
  });

  it('retries network errors, 429 and 502/503/504 only, up to maxRetries', () => {
    const network = new NetworkError('down', undefined);
    const unavailable = new FlowgateError('503', {
      code: 'SERVER_UNAVAILABLE',
      status: 503,
      retryable: true,
    });
    const invalid = new FlowgateError('400', { code: 'BAD_REQUEST', status: 400 });
    const limited = new RateLimitError('429', { code: 'RATE_LIMITED', status: 429, retryAfterMs: 2000 });
    const half = () => 0.5;
    expect(retryDelay(network, 1, options, 'idempotent', half)).toBe(100);
    expect(retryDelay(unavailable, 0, options, 'idempotent', half)).toBe(50);
    expect(retryDelay(invalid, 0, options, 'idempotent', half)).toBeUndefined();
    expect(retryDelay(network, options.maxRetries, options, 'idempotent', half)).toBeUndefined();
    // Retry-After is honoured, beyond maxDelayMs, plus up to one base delay of jitter.
    expect(retryDelay(limited, 0, options, 'idempotent', half)).toBe(2050);
    expect(retryDelay(limited, 0, { ...options, maxRetryAfterMs: 1000 }, 'idempotent', half)).toBeUndefined();
    // Requests without an idempotency key retry only what the server refused before running.
    expect(retryDelay(network, 0, options, 'refused-only', half)).toBeUndefined();
    expect(retryDelay(unavailable, 0, options, 'refused-only', half)).toBeUndefined();
    expect(retryDelay(limited, 0, options, 'refused-only', half)).toBe(2050);
  });
});
