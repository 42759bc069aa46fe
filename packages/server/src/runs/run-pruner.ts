import type { PruneResult, RunRepository } from '../store/store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RunPrunerOptions {
  /** Finished runs older than this go; 0 disables the age rule. */
  retentionDays: number;
  /** Only the newest this many runs stay; 0 disables the count rule. */
  maxRuns: number;
  /** Time between the end of one pass and the start of the next. */
  intervalMs: number;
  /** Most runs per delete transaction (default 1,000). */
  batchSize?: number;
  /** Pause between batches, so requests get the database (and, on SQLite, the thread). */
  pauseMs?: number;
  now: () => number;
  onPass: (result: PruneResult, durationMs: number) => void;
  onError: (error: unknown) => void;
}

export const DEFAULT_PRUNE_BATCH = 1000;
export const DEFAULT_PRUNE_PAUSE_MS = 20;

/**
 * Retention in the background (the run table growth Dify users complain of must not happen): a pass
 * every `intervalMs`, in small batches with pauses, never overlapping itself. Several processes may
 * run one; the store lets one prune at a time (PostgreSQL advisory lock).
 */
export class RunPruner {
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #stop = new AbortController();

  constructor(
    private readonly runs: Pick<RunRepository, 'prune'>,
    private readonly options: RunPrunerOptions,
  ) {}

  get enabled(): boolean {
    return this.options.retentionDays > 0 || this.options.maxRuns > 0;
  }

  /** The first pass comes soon after start (within a minute), then one every interval. */
  start(): void {
    if (!this.enabled || this.#stop.signal.aborted) return;
    this.#schedule(Math.min(this.options.intervalMs, 60_000));
  }

  /** One pass now; resolves with what it deleted. */
  async runOnce(): Promise<PruneResult> {
    const { retentionDays, maxRuns } = this.options;
    return this.runs.prune({
      ...(retentionDays > 0 ? { createdBefore: this.options.now() - retentionDays * DAY_MS } : {}),
      ...(maxRuns > 0 ? { keepNewest: maxRuns } : {}),
      batchSize: this.options.batchSize ?? DEFAULT_PRUNE_BATCH,
      pauseMs: this.options.pauseMs ?? DEFAULT_PRUNE_PAUSE_MS,
      signal: this.#stop.signal,
    });
  }

  /** Stops scheduling, ends a pass in progress after its current batch, and waits for it. */
  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pass = this.#timedPass().finally(() => {
        this.#pass = undefined;
        if (!this.#stop.signal.aborted) this.#schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #timedPass(): Promise<void> {
    const started = performance.now();
    try {
      const result = await this.runOnce();
      this.options.onPass(result, performance.now() - started);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
