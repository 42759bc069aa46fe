import type { Caller } from '../auth/caller.ts';
import { API_ERROR_STATUS } from '../errors/api-error.ts';
import type { ErrorBody } from '../graphql/format-result.ts';
import type { BucketSpec, TakeResult, TokenBuckets } from './token-buckets.ts';

/** Requests per second and burst; a rate of 0 turns the bucket off. */
export interface RateLimits {
  keyPerSecond: number;
  keyBurst: number;
  projectPerSecond: number;
  projectBurst: number;
}

/**
 * The verdict on one request, and what the `RateLimit-*` headers (IETF draft
 * draft-ietf-httpapi-ratelimit-headers) say about the bucket closest to empty.
 */
export interface RateDecision {
  readonly allowed: boolean;
  /** Which bucket the figures describe. */
  readonly bucket: 'API key' | 'project';
  readonly ratePerSecond: number;
  /** The bucket's burst: the most requests it allows at once. */
  readonly limit: number;
  /** Whole requests left now. */
  readonly remaining: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** Seconds until a request would pass (0 when allowed). */
  readonly retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  limits: RateLimits;
  /** A failing backend (Redis down): requests pass, and this is told, at most every 10 s. */
  onBackendError: (error: unknown) => void;
  now: () => number;
}

/**
 * Token buckets per API key and per project, checked once a request is authenticated. A key's own
 * rate (`rate_limit_per_second`) replaces the default, with a burst of twice the rate. Fails open:
 * when the backend cannot answer, a request passes rather than the API going down with Redis.
 */
export class RateLimiter {
  private lastErrorToldAt = Number.NEGATIVE_INFINITY;
  /** A caller's buckets, built once per cached caller (an authenticated key answers with one object). */
  private readonly specsByCaller = new WeakMap<Caller, readonly BucketSpec[]>();

  constructor(
    private readonly buckets: TokenBuckets,
    private readonly options: RateLimiterOptions,
  ) {}

  /** Undefined when no bucket applies. Synchronous with in-memory buckets. */
  check(caller: Caller): RateDecision | undefined | Promise<RateDecision | undefined> {
    const specs = this.specsByCaller.get(caller) ?? this.bucketsFor(caller);
    if (specs.length === 0) return undefined;
    let taken: TakeResult | Promise<TakeResult>;
    try {
      taken = this.buckets.take(caller.projectId, specs);
    } catch (error) {
      return this.failOpen(error);
    }
    if (taken instanceof Promise) {
      return taken.then(
        (result) => decide(specs, result),
        (error: unknown) => this.failOpen(error),
      );
    }
    return decide(specs, taken);
  }

  close(): Promise<void> {
    return this.buckets.close();
  }

  private bucketsFor(caller: Caller): readonly BucketSpec[] {
    const specs = this.specsFor(caller);
    this.specsByCaller.set(caller, specs);
    return specs;
  }

  private specsFor(caller: Caller): BucketSpec[] {
    const { limits } = this.options;
    const specs: BucketSpec[] = [];
    if (caller.keyId !== null) {
      const own = caller.rateLimitPerSecond;
      const spec =
        own === undefined
          ? { ratePerSecond: limits.keyPerSecond, burst: limits.keyBurst }
          : { ratePerSecond: own, burst: Math.max(1, 2 * own) };
      if (spec.ratePerSecond > 0) specs.push({ id: `key:${caller.keyId}`, ...spec });
    }
    if (limits.projectPerSecond > 0) {
      specs.push({ id: 'project', ratePerSecond: limits.projectPerSecond, burst: limits.projectBurst });
    }
    return specs;
  }

  private failOpen(error: unknown): undefined {
    const now = this.options.now();
    if (now - this.lastErrorToldAt >= 10_000) {
      this.lastErrorToldAt = now;
      this.options.onBackendError(error);
    }
    return undefined;
  }
}

/** Reports the bucket that binds: when refused, the one to wait longest for; else the one with least left. */
function decide(specs: readonly BucketSpec[], result: TakeResult): RateDecision {
  let chosen: RateDecision | undefined;
  for (let index = 0; index < specs.length; index++) {
    const spec = specs[index] as BucketSpec;
    const tokens = result.tokens[index] ?? 0;
    const waitSeconds = tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / spec.ratePerSecond));
    const candidate: RateDecision = {
      allowed: result.allowed,
      bucket: spec.id === 'project' ? 'project' : 'API key',
      ratePerSecond: spec.ratePerSecond,
      limit: spec.burst,
      remaining: Math.max(0, Math.floor(tokens)),
      resetSeconds: Math.ceil(Math.max(0, spec.burst - tokens) / spec.ratePerSecond),
      retryAfterSeconds: result.allowed ? 0 : waitSeconds,
    };
    const binds =
      chosen === undefined ||
      (result.allowed
        ? candidate.remaining < chosen.remaining
        : waitSeconds > chosen.retryAfterSeconds && tokens < 1);
    if (binds) chosen = candidate;
  }
  return chosen as RateDecision;
}

/**
 * The `RATE_LIMITED` error body for a request the buckets refused: which limit, and when to come
 * back. A plain object, not a thrown ApiError: the refusal path is the one a client hammering the API
 * takes, and capturing a stack trace per refusal was the largest share of its CPU.
 */
export function rateLimitedBody(decision: RateDecision): ErrorBody {
  return {
    message:
      `Too many requests for this ${decision.bucket}: it allows ${decision.ratePerSecond} per second ` +
      `(bursts of ${decision.limit}); retry after ${decision.retryAfterSeconds} s, as the Retry-After header says.`,
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds },
  };
}

export const RATE_LIMITED_STATUS = API_ERROR_STATUS.RATE_LIMITED;

/** The headers for a decision: RateLimit-* always, Retry-After when refused. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
  if (!decision.allowed) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}
