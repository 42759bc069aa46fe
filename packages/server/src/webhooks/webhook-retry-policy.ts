/**
 * When a failed delivery is tried again: exponential backoff from `baseDelayMs` (30 s, 1 min,
 * 2 min, …) capped at `maxDelayMs` (1 h) between attempts, with ±20 % jitter so receivers that
 * come back are not hit by every sender at the same second; for `retryForMs` (24 h) after the
 * delivery was created, then it is given up. A `Retry-After` on 429/503 is honoured instead of the
 * backoff (still capped by the give-up deadline, never by `maxDelayMs`: the receiver asked for it).
 */
export interface WebhookRetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  retryForMs: number;
}

export const DEFAULT_WEBHOOK_RETRY_POLICY: WebhookRetryPolicy = Object.freeze({
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60 * 1000,
  retryForMs: 24 * 60 * 60 * 1000,
});

const JITTER = 0.2;

/** The backoff after `failedAttempts` failures (1 after the first), jitter included. */
export function backoffDelayMs(
  policy: WebhookRetryPolicy,
  failedAttempts: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  const capped = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  const jittered = capped * (1 - JITTER + 2 * JITTER * random());
  return Math.max(0, Math.round(Math.min(jittered, policy.maxDelayMs)));
}

/**
 * The next attempt's delay, or undefined when the delivery is to be given up: its next attempt
 * would fall after `createdAt + retryForMs`.
 */
export function nextAttemptDelayMs(
  policy: WebhookRetryPolicy,
  state: { failedAttempts: number; createdAt: number; now: number; retryAfterMs: number | undefined },
  random: () => number = Math.random,
): number | undefined {
  const delay = state.retryAfterMs ?? backoffDelayMs(policy, state.failedAttempts, random);
  if (state.now + delay > state.createdAt + policy.retryForMs) return undefined;
  return delay;
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
