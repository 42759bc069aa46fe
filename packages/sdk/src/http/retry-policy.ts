import type { FlowgateError } from '../errors/flowgate-error.ts';
import { RateLimitError } from '../errors/rate-limit-error.ts';

export interface RetryOptions {
  /** Attempts after the first (0 turns retries off). Default 4. */
  maxRetries: number;
  /** The first backoff's ceiling; each further one doubles it. Default 250 ms. */
  baseDelayMs: number;
  /** The largest backoff ceiling. Default 10 s. */
  maxDelayMs: number;
  /** A 429 asking to wait longer than this is thrown instead of waited for. Default 60 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

/**
 * Which failures a request may be sent again after. `idempotent`: any retryable failure (network,
 * 429, 502/503/504), for requests that cannot run a flow twice (executes carry an Idempotency-Key,
 * status reads change nothing). `refused-only`: only 429, which the server answers before running
 * anything (streams and server batches have no idempotency key).
 */
export type RetrySafety = 'idempotent' | 'refused-only';

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a delay drawn uniformly
 * between 0 and min(maxDelayMs, baseDelayMs · 2^retry), so clients that failed together spread out.
 */
export function backoffDelay(
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before retry number `retry` (0 for the first) after `error`, or undefined when
 * the error must be thrown. A 429 waits what Retry-After says, plus up to one base delay of jitter.
 */
export function retryDelay(
  error: FlowgateError,
  retry: number,
  options: RetryOptions,
  safety: RetrySafety,
  random: () => number = Math.random,
): number | undefined {
  if (!error.retryable || retry >= options.maxRetries) return undefined;
  if (error instanceof RateLimitError) {
    if (error.retryAfterMs > options.maxRetryAfterMs) return undefined;
    return error.retryAfterMs + Math.floor(random() * options.baseDelayMs);
  }
  if (safety === 'refused-only') return undefined;
  return backoffDelay(retry, options, random);
}
