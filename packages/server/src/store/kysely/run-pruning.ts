import { setTimeout as sleep } from 'node:timers/promises';
import type { PruneOptions } from '../store.ts';

/** Statuses a run may be deleted in; queued and running runs are never pruned. */
export const PRUNABLE_STATUSES = ['success', 'error'] as const;

/** The two steps an adapter supplies; the batching, budgets and pauses are shared. */
export interface PruneSteps {
  /**
   * Deletes (in one statement, so one transaction) up to `limit` finished runs created before
   * `createdBefore`, oldest first. Answers how many runs went.
   */
  deleteOldest(limit: number, createdBefore: number): Promise<number>;
  /** How many runs there are beyond the newest `keepNewest` (0 when none). */
  countExcess(keepNewest: number): Promise<number>;
}

/** No age limit: a cut-off later than any epoch-ms time. */
const NO_AGE_LIMIT = Number.MAX_SAFE_INTEGER;
const SMALLEST_BATCH = 10;

/**
 * The age rule first (everything created before the cut-off), then the count rule (the oldest
 * beyond `keepNewest`, counted after the age rule). Returns the number of runs deleted.
 */
export async function pruneInBatches(
  steps: PruneSteps,
  options: PruneOptions,
  tuning: BatchTuning = {},
): Promise<number> {
  const sizer = new BatchSizer(options.batchSize, tuning.targetBatchMs);
  let deleted = 0;
  if (options.createdBefore !== undefined) {
    deleted += await deleteInBatches(steps, options, sizer, options.createdBefore, Number.POSITIVE_INFINITY);
  }
  if (options.keepNewest !== undefined && !options.signal?.aborted) {
    const excess = await steps.countExcess(options.keepNewest);
    if (excess > 0) deleted += await deleteInBatches(steps, options, sizer, NO_AGE_LIMIT, excess);
  }
  return deleted;
}

async function deleteInBatches(
  steps: PruneSteps,
  options: PruneOptions,
  sizer: BatchSizer,
  createdBefore: number,
  budget: number,
): Promise<number> {
  let deleted = 0;
  while (deleted < budget && !options.signal?.aborted) {
    const limit = Math.min(sizer.size, budget - deleted);
    const started = performance.now();
    const count = await steps.deleteOldest(limit, createdBefore);
    sizer.took(performance.now() - started, limit);
    deleted += count;
    if (count < limit) break;
    await pause(options.pauseMs, options.signal);
  }
  return deleted;
}

export interface BatchTuning {
  /**
   * The next batch is sized from the last one's time to take about 80% of this (at least 10 runs, at
   * most twice the last, at most batchSize). For drivers that block the thread while a statement
   * runs: bounds what one batch adds to a request's latency. Undefined: every batch is batchSize.
   */
  targetBatchMs?: number;
}

/** Adapts the batch size to `targetBatchMs` (see BatchTuning). */
class BatchSizer {
  readonly #largest: number;
  readonly #targetMs: number | undefined;
  size: number;

  constructor(batchSize: number, targetMs: number | undefined) {
    this.#largest = Math.max(1, Math.floor(batchSize));
    this.#targetMs = targetMs;
    // Adaptive passes start small: the first batch must not be the one that blocks.
    this.size = this.#targetMs === undefined ? this.#largest : Math.min(this.#largest, 100);
  }

  took(ms: number, limit: number): void {
    // A short last batch (the budget's remainder) says little about the rate.
    if (this.#targetMs === undefined || limit < this.size) return;
    const fitting = Math.floor(((limit * this.#targetMs) / Math.max(ms, 0.5)) * 0.8);
    this.size = Math.min(this.#largest, this.size * 2, Math.max(SMALLEST_BATCH, fitting));
  }
}

/** Resolves after `ms`, or at once when the signal aborts (the loop then sees it and stops). */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, undefined, signal ? { signal } : undefined).catch(() => undefined);
}
