import type { RunSummary } from '@flowgate/server/studio-contract';
import { describe, expect, it } from 'vitest';
import { binRuns } from './run-histogram.ts';

function run(createdAt: number, status: RunSummary['status'] = 'success'): RunSummary {
  return {
    requestId: `r${createdAt}`,
    flowId: 'hello',
    status,
    mode: 'sync',
    deploymentNumber: 1,
    createdAt,
    durationMs: 5,
    totalTokens: null,
    costUsd: null,
    apiKeyName: null,
  };
}

describe('binRuns', () => {
  it('counts successes and failures per bin of the period', () => {
    const bins = binRuns([run(0), run(5), run(15, 'error'), run(39), run(99)], 4, 0, 40);
    expect(bins.size).toBe(10);
    expect(bins.starts).toEqual([0, 10, 20, 30]);
    expect(bins.succeeded).toEqual([2, 0, 0, 1]);
    expect(bins.failed).toEqual([0, 1, 0, 0]);
  });

  it('spans the runs when there is no period', () => {
    const bins = binRuns([run(100), run(200, 'error')], 2, null, null);
    expect(bins.starts[0]).toBe(100);
    expect(bins.succeeded).toEqual([1, 0]);
    expect(bins.failed).toEqual([0, 1]);
  });
});
