import type { RunRepository, RunWithNodes } from '../store/store.ts';

export interface RunRecorderOptions {
  /** How long a run someone awaits may wait for company before its batch is written. */
  flushIntervalMs: number;
  /**
   * The same for a batch of detached runs only (answered already, nobody waits on the commit); longer,
   * so batches are larger: the writer's cost per run falls with the batch's size. Default:
   * flushIntervalMs. An awaited record joining such a batch brings its write forward.
   */
  detachedFlushIntervalMs?: number;
  /** A batch this large is written at once. */
  maxBatch: number;
  onError: (error: unknown, batch: readonly RunWithNodes[]) => void;
  /** Sees every state recorded, as it is queued (metrics); must be cheap and must not throw. */
  onRecord?: (run: RunWithNodes) => void;
}

/** Settles one `record` call; undefined for `recordDetached`. */
type Settle = { resolve: () => void; reject: (error: unknown) => void } | undefined;

/**
 * Group commit: runs are written in batches, one transaction every few milliseconds, instead of one
 * transaction per request (which cut throughput ~7×, reference/graphql-bench.md). `record` resolves
 * once the batch holding the run is committed, so callers that must not lose a run await it; a later
 * record of the same requestId replaces the earlier one.
 */
export class RunRecorder {
  /** Runs waiting for their batch, and beside each, who waits for its commit. */
  private runs: RunWithNodes[] = [];
  private settles: Settle[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The pending timer's delay, and when it fires (performance.now). */
  private timerDelayMs = 0;
  private timerDueAt = 0;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly repository: RunRepository,
    private readonly options: RunRecorderOptions,
  ) {}

  record(run: RunWithNodes): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the run recorder is closed'));
    return new Promise<void>((resolve, reject) => this.enqueue(run, { resolve, reject }));
  }

  /**
   * Queues a run no caller waits on (a sync run's final record: the answer has gone out already):
   * no promise per run. A failed write reaches `onError`, like any other.
   */
  recordDetached(run: RunWithNodes): void {
    if (this.closed) this.options.onError(new Error('the run recorder is closed'), [run]);
    else this.enqueue(run, undefined);
  }

  /** Writes everything recorded so far; resolves when it is committed. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writeBatches();
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  get pendingCount(): number {
    return this.runs.length;
  }

  private enqueue(run: RunWithNodes, settle: Settle): void {
    this.options.onRecord?.(run);
    this.runs.push(run);
    this.settles.push(settle);
    const { maxBatch, flushIntervalMs, detachedFlushIntervalMs = flushIntervalMs } = this.options;
    if (this.runs.length >= maxBatch) this.flushSoon(0);
    else this.flushSoon(settle === undefined ? detachedFlushIntervalMs : flushIntervalMs);
  }

  /** Writes within `delayMs`: keeps a pending timer that fires by then, else sets one. */
  private flushSoon(delayMs: number): void {
    if (this.timer !== undefined && delayMs > 0) {
      // Set no later than now with this delay: it fires soon enough (no clock read on this path).
      if (delayMs >= this.timerDelayMs) return;
      if (this.timerDueAt <= performance.now() + delayMs) return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDelayMs = delayMs;
    this.timerDueAt = performance.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeBatches();
    }, delayMs);
    this.timer.unref?.();
  }

  private writeBatches(): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.runs.length > 0) {
        const { maxBatch } = this.options;
        await this.writeBatch(this.runs.splice(0, maxBatch), this.settles.splice(0, maxBatch));
      }
    });
    return this.writing;
  }

  private async writeBatch(runs: RunWithNodes[], settles: Settle[]): Promise<void> {
    try {
      await this.repository.save(runs);
      for (const settle of settles) settle?.resolve();
    } catch (error) {
      this.options.onError(error, runs);
      for (const settle of settles) settle?.reject(error);
    }
  }
}
