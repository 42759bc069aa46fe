import type { ApiKeyRepository } from '../store/store.ts';

export const DEFAULT_LAST_USED_FLUSH_MS = 5_000;

/**
 * Records when API keys were last used without a write per request: uses are coalesced in memory
 * (one entry per key, the latest time) and written in one `touch` batch every `flushIntervalMs`, and
 * on `flush()`/`close()`. A failed batch is kept and retried with the next one; the error goes to
 * `onError` (the caller logs it). The timer is unref'd: it never keeps the process alive.
 */
export class LastUsedTracker {
  readonly #apiKeys: Pick<ApiKeyRepository, 'touch'>;
  readonly #flushIntervalMs: number;
  readonly #onError: (error: unknown) => void;
  #uses = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: {
    apiKeys: Pick<ApiKeyRepository, 'touch'>;
    flushIntervalMs?: number;
    onError?: (error: unknown) => void;
  }) {
    this.#apiKeys = options.apiKeys;
    this.#flushIntervalMs = options.flushIntervalMs ?? DEFAULT_LAST_USED_FLUSH_MS;
    this.#onError = options.onError ?? (() => {});
  }

  /** Hot path: one map write. Starts the flush timer on first use. */
  record(keyId: string, at: number): void {
    const previous = this.#uses.get(keyId);
    if (previous === undefined || at > previous) this.#uses.set(keyId, at);
    if (this.#timer === undefined && !this.#closed) this.#startTimer();
  }

  /** Pending uses not yet written, for tests and shutdown logs. */
  get pendingCount(): number {
    return this.#uses.size;
  }

  /** Writes every use recorded so far; resolves when written (or failed and kept for a retry). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#writeBatch());
    return this.#flushing;
  }

  /** Stops the timer and writes what is left. Later uses are still kept, and written by `flush()`. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  #startTimer(): void {
    this.#timer = setInterval(() => {
      this.flush().catch(this.#onError);
    }, this.#flushIntervalMs);
    this.#timer.unref();
  }

  async #writeBatch(): Promise<void> {
    if (this.#uses.size === 0) return;
    const batch = this.#uses;
    this.#uses = new Map();
    try {
      await this.#apiKeys.touch(Array.from(batch, ([id, at]) => ({ id, at })));
    } catch (error) {
      for (const [id, at] of batch) this.record(id, at);
      this.#onError(error);
    }
  }
}
