import { describe, expect, it } from 'vitest';
import { type PruneSteps, pruneInBatches } from './run-pruning.ts';

/** Steps over `total` prunable runs; each delete "takes" what `msFor(limit)` says (a busy wait). */
function fakeSteps(total: number, msFor: (limit: number) => number) {
  let left = total;
  const limits: number[] = [];
  const steps: PruneSteps = {
    async deleteOldest(limit) {
      limits.push(limit);
      const until = performance.now() + msFor(limit);
      while (performance.now() < until) {
        // Busy: like better-sqlite3 holding the thread.
      }
      const deleted = Math.min(limit, left);
      left -= deleted;
      return deleted;
    },
    async countExcess(keepNewest) {
      return Math.max(0, left - keepNewest);
    },
  };
  return { steps, limits, left: () => left };
}

describe('pruneInBatches', () => {
  it('uses batchSize for every batch without a target time', async () => {
    const fake = fakeSteps(2500, () => 0);
    expect(await pruneInBatches(fake.steps, { createdBefore: 1, batchSize: 1000, pauseMs: 0 })).toBe(2500);
    expect(fake.limits).toEqual([1000, 1000, 1000]);
  });

  it('starts small, grows while batches are quick, and shrinks after one that took too long', async () => {
    // Batches of up to 400 runs are instant, larger ones take 40 ms: twice the 20 ms target.
    const fake = fakeSteps(5000, (limit) => (limit > 400 ? 40 : 0));
    const deleted = await pruneInBatches(
      fake.steps,
      {
        createdBefore: 1,
        batchSize: 1000,
        pauseMs: 0,
      },
      { targetBatchMs: 20 },
    );
    expect(deleted).toBe(5000);
    expect(fake.limits.slice(0, 4)).toEqual([100, 200, 400, 800]);
    // 800 runs took ~40 ms: the next batch aims at 80% of 20 ms, about 320 runs.
    expect(fake.limits[4]).toBeGreaterThan(200);
    expect(fake.limits[4]).toBeLessThanOrEqual(320);
    expect(Math.max(...fake.limits)).toBe(800);
  });

  it('deletes only the excess over keepNewest, after the age rule', async () => {
    const fake = fakeSteps(30, () => 0);
    const deleted = await pruneInBatches(fake.steps, { keepNewest: 12, batchSize: 5, pauseMs: 0 });
    expect(deleted).toBe(18);
    expect(fake.limits).toEqual([5, 5, 5, 3]);
    expect(fake.left()).toBe(12);
  });
});
