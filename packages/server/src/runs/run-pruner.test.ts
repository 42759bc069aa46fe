import { describe, expect, it } from 'vitest';
import type { PruneOptions, PruneResult } from '../store/store.ts';
import { RunPruner, type RunPrunerOptions } from './run-pruner.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_760_000_000_000;

function pruner(options: Partial<RunPrunerOptions>, prune: (options: PruneOptions) => Promise<PruneResult>) {
  const passes: PruneResult[] = [];
  const errors: unknown[] = [];
  const instance = new RunPruner(
    { prune },
    {
      retentionDays: 30,
      maxRuns: 1_000_000,
      intervalMs: 10,
      now: () => NOW,
      onPass: (result) => passes.push(result),
      onError: (error) => errors.push(error),
      ...options,
    },
  );
  return { instance, passes, errors };
}

describe('RunPruner', () => {
  it('asks the store for both rules, in batches of at most 1,000 with a pause', async () => {
    const seen: PruneOptions[] = [];
    const { instance } = pruner({}, async (options) => {
      seen.push(options);
      return { deleted: 3, ran: true };
    });
    expect(await instance.runOnce()).toEqual({ deleted: 3, ran: true });
    expect(seen[0]).toMatchObject({
      createdBefore: NOW - 30 * DAY,
      keepNewest: 1_000_000,
      batchSize: 1000,
      pauseMs: 20,
    });
  });

  it('leaves out a rule set to 0, and is off when both are', async () => {
    const seen: PruneOptions[] = [];
    const record = async (options: PruneOptions) => {
      seen.push(options);
      return { deleted: 0, ran: true };
    };
    await pruner({ retentionDays: 0 }, record).instance.runOnce();
    await pruner({ maxRuns: 0 }, record).instance.runOnce();
    expect(seen[0]?.createdBefore).toBeUndefined();
    expect(seen[0]?.keepNewest).toBe(1_000_000);
    expect(seen[1]?.createdBefore).toBe(NOW - 30 * DAY);
    expect(seen[1]?.keepNewest).toBeUndefined();
    expect(pruner({ retentionDays: 0, maxRuns: 0 }, record).instance.enabled).toBe(false);
  });

  it('runs passes on a timer without overlapping, reports errors, and stops between batches', async () => {
    let running = 0;
    let overlapped = false;
    let calls = 0;
    const { instance, passes, errors } = pruner({}, async (options) => {
      calls += 1;
      running += 1;
      overlapped ||= running > 1;
      await new Promise((resolve) => setTimeout(resolve, 15));
      running -= 1;
      if (calls === 2) throw new Error('database gone');
      return { deleted: options.signal?.aborted ? 0 : 1, ran: true };
    });
    instance.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await instance.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toBe(after);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    expect(errors).toHaveLength(1);
    expect(passes.length).toBe(calls - 1);
  });
});
