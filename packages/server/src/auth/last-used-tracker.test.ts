import { afterEach, describe, expect, it, vi } from 'vitest';
import { LastUsedTracker } from './last-used-tracker.ts';

function recorder(options: { fail?: () => boolean } = {}) {
  const batches: { id: string; at: number }[][] = [];
  const apiKeys = {
    touch: async (uses: readonly { id: string; at: number }[]) => {
      if (options.fail?.()) throw new Error('database is locked');
      batches.push([...uses]);
    },
  };
  return { batches, apiKeys };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LastUsedTracker', () => {
  it('coalesces uses per key to the latest time and writes them in one batch', async () => {
    const { batches, apiKeys } = recorder();
    const tracker = new LastUsedTracker({ apiKeys });
    tracker.record('k1', 10);
    tracker.record('k2', 11);
    tracker.record('k1', 30);
    tracker.record('k1', 20);
    expect(batches).toEqual([]);
    await tracker.flush();
    expect(batches).toEqual([
      [
        { id: 'k1', at: 30 },
        { id: 'k2', at: 11 },
      ],
    ]);
    await tracker.flush();
    expect(batches).toHaveLength(1);
    await tracker.close();
  });

  it('flushes on its own every interval, and on close', async () => {
    vi.useFakeTimers();
    const { batches, apiKeys } = recorder();
    const tracker = new LastUsedTracker({ apiKeys, flushIntervalMs: 2000 });
    tracker.record('k1', 1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[{ id: 'k1', at: 1 }]]);
    tracker.record('k2', 2);
    await tracker.close();
    expect(batches).toEqual([[{ id: 'k1', at: 1 }], [{ id: 'k2', at: 2 }]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a failed batch for the next flush and reports the error', async () => {
    let failing = true;
    const { batches, apiKeys } = recorder({ fail: () => failing });
    const errors: unknown[] = [];
    const tracker = new LastUsedTracker({ apiKeys, onError: (error) => errors.push(error) });
    tracker.record('k1', 5);
    await tracker.flush();
    expect(errors).toHaveLength(1);
    expect(tracker.pendingCount).toBe(1);
    tracker.record('k1', 3);
    failing = false;
    await tracker.close();
    expect(batches).toEqual([[{ id: 'k1', at: 5 }]]);
    expect(tracker.pendingCount).toBe(0);
  });
});
