import { EngineError } from '../errors/engine-error.ts';
import { sleep } from './sleep.ts';

/**
 * Node-level retries, as Lamatic's nodes declare them: `retries` (extra attempts) and
 * `retry_delay` — also spelled `retry_deplay` in real exports — in seconds, the unit the Studio
 * shows ("Delay between retry (sec)"). Checked once at deploy; applied by the node kinds that call
 * other systems. Only failures that say they are retryable (EngineError.retryable) are retried.
 */
export interface RetryPolicy {
  readonly retries: number;
  readonly delayMs: number;
}

export const NO_RETRIES: RetryPolicy = { retries: 0, delayMs: 0 };

export const MAX_RETRIES = 10;
export const MAX_RETRY_DELAY_MS = 60_000;
/**
 * Some exported kits write the delay in milliseconds ("retry_delay": "1000"). A value above this
 * many "seconds" can only have meant milliseconds, and is read so (with a deploy warning).
 */
const LARGEST_DELAY_IN_SECONDS = 60;

export interface RetryPolicyReport {
  problem(message: string): void;
  warn(message: string): void;
}

export function compileRetryPolicy(
  values: Readonly<Record<string, unknown>>,
  report: RetryPolicyReport,
): RetryPolicy {
  const retries = readNumber(values.retries);
  const delayValue = values.retry_delay ?? values.retry_deplay;
  const delay = readNumber(delayValue);
  let ok = true;
  if (retries === undefined || !Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    report.problem(
      `retries must be a whole number from 0 to ${MAX_RETRIES}, not ${JSON.stringify(values.retries)}`,
    );
    ok = false;
  }
  if (delay === undefined || delay < 0) {
    report.problem(`retry_delay must be a number of seconds (0 or more), not ${JSON.stringify(delayValue)}`);
    ok = false;
  }
  if (!ok) return NO_RETRIES;
  let delayMs = (delay as number) * 1000;
  if ((delay as number) > LARGEST_DELAY_IN_SECONDS) {
    delayMs = delay as number;
    report.warn(`retry_delay ${delay} is read as milliseconds (${delayMs / 1000} s); the unit is seconds`);
  }
  if (delayMs > MAX_RETRY_DELAY_MS) {
    report.problem(`retry_delay must be at most ${MAX_RETRY_DELAY_MS / 1000} seconds`);
    return NO_RETRIES;
  }
  return { retries: retries as number, delayMs };
}

/** Absent and empty values mean 0 (exports write `"retries": "0"` or leave it out). */
function readNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value.trim());
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

export function isRetryable(error: unknown): boolean {
  return error instanceof EngineError && error.retryable;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or has been tried
 * `1 + policy.retries` times; waits `policy.delayMs` between attempts. The last error is thrown.
 * An abort (the run failed elsewhere or was cancelled) stops the waiting at once.
 */
export async function runWithRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal,
  attempt: (attemptNumber: number) => Promise<T>,
  onRetry?: (error: EngineError, attemptNumber: number) => void,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber > policy.retries || signal.aborted || !isRetryable(error)) throw error;
      onRetry?.(error as EngineError, attemptNumber);
      await sleep(policy.delayMs, signal);
    }
  }
}
