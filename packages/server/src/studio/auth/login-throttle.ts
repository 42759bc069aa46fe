/**
 * Slows down repeated failed logins per email: after a few failures in a window, every further attempt
 * for that email (right or wrong, so the delay tells nothing) waits longer, doubling up to a cap.
 * In memory, per process: enough to make guessing slow, and bounded in size.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; lastAt: number }>();

  constructor(
    private readonly options: {
      now: () => number;
      /** Failures allowed without delay. */
      freeFailures: number;
      baseDelayMs: number;
      maxDelayMs: number;
      /** Failures older than this are forgotten. */
      windowMs: number;
      maxEntries: number;
    },
  ) {}

  /** How long to wait before answering an attempt for this email. */
  delayFor(email: string): number {
    const entry = this.#current(email);
    if (!entry || entry.count < this.options.freeFailures) return 0;
    const steps = entry.count - this.options.freeFailures;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(steps, 20));
  }

  failed(email: string): void {
    const now = this.options.now();
    const entry = this.#current(email);
    this.#failures.delete(email);
    this.#failures.set(email, { count: (entry?.count ?? 0) + 1, lastAt: now });
    // Oldest first (Map order): drop the oldest when full.
    while (this.#failures.size > this.options.maxEntries) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  succeeded(email: string): void {
    this.#failures.delete(email);
  }

  #current(email: string) {
    const entry = this.#failures.get(email);
    if (entry && this.options.now() - entry.lastAt > this.options.windowMs) {
      this.#failures.delete(email);
      return undefined;
    }
    return entry;
  }
}
