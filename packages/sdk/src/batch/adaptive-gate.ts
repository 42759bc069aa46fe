import type { CallScope } from '../http/call-scope.ts';

/**
 * Additive increase, multiplicative decrease (as TCP paces itself): a 429 halves the number of
 * requests allowed in flight and pauses everyone until Retry-After has passed; each success adds
 * 1/limit, so a whole round of successes adds one, up to the configured concurrency.
 */
export class AdaptiveGate {
  private limit: number;
  private active = 0;
  private pausedUntil = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maximum: number,
    private readonly scope: CallScope,
  ) {
    this.limit = maximum;
  }

  get concurrency(): number {
    return Math.max(1, Math.floor(this.limit));
  }

  async enter(): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) await this.scope.sleep(pause);
      else if (this.active < this.concurrency) {
        this.active += 1;
        return;
      } else await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  leave(succeeded: boolean): void {
    this.active -= 1;
    if (succeeded) this.limit = Math.min(this.maximum, this.limit + 1 / this.limit);
    this.waiting.shift()?.();
  }

  /** A 429: fewer at once from now on, and nobody starts before `retryAfterMs` (plus jitter) has passed. */
  slowDown(retryAfterMs: number): void {
    // Requests refused together count as one signal: halve once per pause, not once per refusal.
    if (Date.now() >= this.pausedUntil) this.limit = Math.max(1, this.limit / 2);
    const jitter = Math.random() * Math.min(1000, retryAfterMs / 4);
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs + jitter);
  }
}
