import type { BucketSpec, TakeResult, TokenBuckets } from './token-buckets.ts';

interface BucketState {
  tokens: number;
  at: number;
  ratePerSecond: number;
  burst: number;
}

/**
 * Token buckets in maps by scope (project), then bucket id: two lookups and a little arithmetic per
 * bucket (see rate-limiter.test.ts). Bounded: past `maxBuckets`, buckets that have refilled (and so
 * hold nothing worth keeping) are dropped, then those of the projects seen first, oldest first. A
 * dropped bucket starts full again when next used.
 */
export class MemoryTokenBuckets implements TokenBuckets {
  /** By scope, then bucket id: the ids come from cached specs, so no key is built per request. */
  private readonly scopes = new Map<string, Map<string, BucketState>>();
  private count = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxBuckets = 100_000,
  ) {}

  take(scope: string, specs: readonly BucketSpec[]): TakeResult {
    const now = this.now();
    let buckets = this.scopes.get(scope);
    if (buckets === undefined) {
      buckets = new Map();
      this.scopes.set(scope, buckets);
    }
    const states: BucketState[] = [];
    let allowed = true;
    for (const spec of specs) {
      const state = this.refilled(buckets, spec, now);
      if (state.tokens < 1) allowed = false;
      states.push(state);
    }
    if (allowed) for (const state of states) state.tokens -= 1;
    if (this.count > this.maxBuckets) this.sweep(now);
    return { allowed, tokens: states.map((state) => state.tokens) };
  }

  async close(): Promise<void> {
    this.scopes.clear();
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  private refilled(buckets: Map<string, BucketState>, spec: BucketSpec, now: number): BucketState {
    const state = buckets.get(spec.id);
    if (state === undefined) {
      const fresh = { tokens: spec.burst, at: now, ratePerSecond: spec.ratePerSecond, burst: spec.burst };
      buckets.set(spec.id, fresh);
      this.count++;
      return fresh;
    }
    // A changed limit (a key's own rate set or removed) applies from now on.
    state.ratePerSecond = spec.ratePerSecond;
    state.burst = spec.burst;
    const elapsed = Math.max(0, now - state.at);
    state.tokens = Math.min(spec.burst, state.tokens + (elapsed * spec.ratePerSecond) / 1000);
    state.at = now;
    return state;
  }

  /** Drops the buckets that have refilled (they hold nothing worth keeping), then the oldest scopes'. */
  private sweep(now: number): void {
    for (const [scope, buckets] of this.scopes) {
      for (const [id, state] of buckets) {
        const level = state.tokens + (Math.max(0, now - state.at) * state.ratePerSecond) / 1000;
        if (level >= state.burst) this.drop(scope, buckets, id);
      }
    }
    const target = Math.floor(this.maxBuckets * 0.9);
    for (const [scope, buckets] of this.scopes) {
      if (this.count <= target) break;
      for (const id of buckets.keys()) {
        if (this.count <= target) break;
        this.drop(scope, buckets, id);
      }
    }
  }

  private drop(scope: string, buckets: Map<string, BucketState>, id: string): void {
    buckets.delete(id);
    this.count--;
    if (buckets.size === 0) this.scopes.delete(scope);
  }
}
