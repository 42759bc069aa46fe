export interface BackoffPolicy {
  /** The delay after the first failure; doubled after each further one. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60 * 1000 };

/**
 * The delay before retrying a job that failed `failures` times: exponential, capped, with jitter
 * (between half and all of it) so jobs that failed together do not all come back at once.
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy, random = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped * (0.5 + random() / 2));
}
