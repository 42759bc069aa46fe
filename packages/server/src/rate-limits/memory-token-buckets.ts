import type { BucketSpec, TakeResult, TokenBuckets } from './token-buckets.ts';

interface BucketState {
  tokens: number;
  at: number;
  ratePerSecond: number;
  burst: number;
}

/**
 * Token buckets in a Map: a lookup and a little arithmetic per bucket (about a microsecond a
 * request, see rate-limiter.test.ts). Bounded: past `maxBuckets`, buckets that have refilled (and so
 * hold nothing worth keeping) are dropped, then the least recently created ones.
 */
export class MemoryTokenBuckets implements TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly now: () => number,
    private readonly maxBuckets = 100_000,
  ) {}

  take(scope: string, specs: readonly BucketSpec[]): TakeResult {
    const now = this.now();
    const states: BucketState[] = [];
    let allowed = true;
    for (const spec of specs) {
      const state = this.refilled(`${scope}\u0000${spec.id}`, spec, now);
      if (state.tokens < 1) allowed = false;
      states.push(state);
    }
    if (allowed) for (const state of states) state.tokens -= 1;
    if (this.buckets.size > this.maxBuckets) this.sweep(now);
    return { allowed, tokens: states.map((state) => state.tokens) };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(id: string, spec: BucketSpec, now: number): BucketState {
    const state = this.buckets.get(id);
    if (state === undefined) {
      const fresh = { tokens: spec.burst, at: now, ratePerSecond: spec.ratePerSecond, burst: spec.burst };
      this.buckets.set(id, fresh);
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

  private sweep(now: number): void {
    for (const [id, state] of this.buckets) {
      const level = state.tokens + (Math.max(0, now - state.at) * state.ratePerSecond) / 1000;
      if (level >= state.burst) this.buckets.delete(id);
    }
    const target = Math.floor(this.maxBuckets * 0.9);
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(id);
    }
  }
}
