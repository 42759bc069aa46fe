import { MemoryTokenBuckets } from './memory-token-buckets.ts';
import { RateLimiter, type RateLimits } from './rate-limiter.ts';
import { RedisTokenBuckets } from './redis-token-buckets.ts';

export interface RateLimiterConfig {
  /** Set in distributed mode: the buckets live in Redis, shared by every process. */
  redisUrl: string | undefined;
  limits: RateLimits;
  now: () => number;
  onBackendError: (error: unknown) => void;
}

/** In-memory buckets in embedded mode; Redis buckets when REDIS_URL is set. */
export function createRateLimiter(config: RateLimiterConfig): RateLimiter {
  const buckets =
    config.redisUrl === undefined
      ? new MemoryTokenBuckets(config.now)
      : RedisTokenBuckets.open(config.redisUrl);
  return new RateLimiter(buckets, {
    limits: config.limits,
    now: config.now,
    onBackendError: config.onBackendError,
  });
}
