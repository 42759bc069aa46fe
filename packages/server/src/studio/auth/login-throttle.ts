/**
 * Slows down repeated logins per email: after a few attempts in a window that did not succeed, every
 * further attempt for that email (right or wrong, so the delay tells nothing) waits longer, doubling up to
 * a cap. An attempt counts when it starts, so guesses sent in parallel each wait longer than the last.
 * In memory, per process: enough to make guessing slow, and bounded in size.
 */
export class LoginThrottle {
  /** Oldest attempt first (an entry moves to the end when it is counted again). */
  readonly #attempts = new Map<string, { count: number; lastAt: number }>();

  constructor(
    private readonly options: {
      now: () => number;
      /** Attempts allowed without delay. */
      freeFailures: number;
      baseDelayMs: number;
      maxDelayMs: number;
      /** Attempts older than this are forgotten. */
      windowMs: number;
      maxEntries: number;
    },
  ) {}

  /** Counts an attempt for this email and answers how long to wait before answering it. */
  attempt(email: string): number {
    const now = this.options.now();
    const earlier = this.#current(email)?.count ?? 0;
    this.#attempts.delete(email);
    this.#attempts.set(email, { count: earlier + 1, lastAt: now });
    if (this.#attempts.size > this.options.maxEntries) this.#evict(now);
    if (earlier < this.options.freeFailures) return 0;
    const steps = earlier - this.options.freeFailures;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(steps, 20));
  }

  /** A successful login forgets the email's attempts. */
  succeeded(email: string): void {
    this.#attempts.delete(email);
  }

  /**
   * Makes room: expired entries go first, then the oldest that is not delayed yet, and only then the
   * oldest of all, so filling the map with made-up emails does not readily reset a guessed email's count.
   */
  #evict(now: number): void {
    for (const [email, entry] of this.#attempts) {
      if (now - entry.lastAt <= this.options.windowMs) break;
      this.#attempts.delete(email);
    }
    if (this.#attempts.size <= this.options.maxEntries) return;
    let victim: string | undefined;
    for (const [email, entry] of this.#attempts) {
      if (entry.count < this.options.freeFailures) {
        victim = email;
        break;
      }
    }
    victim ??= this.#attempts.keys().next().value;
    if (victim !== undefined) this.#attempts.delete(victim);
  }

  #current(email: string) {
    const entry = this.#attempts.get(email);
    if (entry && this.options.now() - entry.lastAt > this.options.windowMs) {
      this.#attempts.delete(email);
      return undefined;
    }
    return entry;
  }
}
