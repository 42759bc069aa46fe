/** One token bucket: refilled at `ratePerSecond`, holding at most `burst` tokens; full when first seen. */
export interface BucketSpec {
  /** The bucket's name within its scope, e.g. `key:<id>` or `project`. */
  readonly id: string;
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** Tokens left in each bucket once the request is counted (fractional), in the order given. */
  readonly tokens: readonly number[];
}

/**
 * Where bucket levels live: in this process (embedded mode) or in Redis (distributed mode, so that
 * a limit holds across every process that serves the API).
 */
export interface TokenBuckets {
  /**
   * Takes one token from every bucket, or none when any holds less than one: all or nothing, atomic.
   * `scope` groups buckets that are taken together (a project's): in Redis they share a hash slot.
   * In-memory answers synchronously, so the hot path awaits nothing.
   */
  take(scope: string, buckets: readonly BucketSpec[]): TakeResult | Promise<TakeResult>;
  close(): Promise<void>;
}
