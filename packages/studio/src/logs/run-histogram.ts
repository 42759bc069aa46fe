import type { RunSummary } from '@flowgate/server/studio-contract';

export interface RunBins {
  /** Start of each bin, epoch ms. */
  starts: number[];
  succeeded: number[];
  failed: number[];
  /** Width of a bin in ms. */
  size: number;
}

/**
 * Counts runs into `count` equal bins over [from, to]; a run outside the period is left out. Without a period,
 * the bins span the runs themselves (oldest to newest).
 */
export function binRuns(
  runs: readonly RunSummary[],
  count: number,
  from: number | null,
  to: number | null,
): RunBins {
  const times = runs.map((run) => run.createdAt);
  const start = from ?? Math.min(...times);
  const end = Math.max(start + 1, to ?? Math.max(...times) + 1);
  const size = (end - start) / count;
  const succeeded = new Array<number>(count).fill(0);
  const failed = new Array<number>(count).fill(0);
  for (const run of runs) {
    if (run.createdAt < start || run.createdAt > end) continue;
    const index = Math.min(count - 1, Math.floor((run.createdAt - start) / size));
    const bins = run.status === 'error' ? failed : succeeded;
    bins[index] = (bins[index] ?? 0) + 1;
  }
  return { starts: succeeded.map((_, index) => start + index * size), succeeded, failed, size };
}
