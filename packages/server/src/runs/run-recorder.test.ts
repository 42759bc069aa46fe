import { describe, expect, it } from 'vitest';
import { runRecordFixture } from '../store/run-record.test-support.ts';
import type { RunRepository, RunWithNodes } from '../store/store.ts';
import { RunRecorder } from './run-recorder.ts';

function entry(requestId: string): RunWithNodes {
  return { run: runRecordFixture({ requestId }), nodes: [] };
}

/** A repository that keeps each saved batch's requestIds, or fails while `failing` is set. */
function repository() {
  const batches: string[][] = [];
  const state = { failing: false };
  const runs = {
    save: async (batch: readonly RunWithNodes[]) => {
      if (state.failing) throw new Error('disk full');
      batches.push(batch.map((saved) => saved.run.requestId));
    },
  } as Pick<RunRepository, 'save'> as RunRepository;
  return { runs, batches, state };
}

describe('RunRecorder', () => {
  it('writes awaited and detached records in one batch, in the order they came', async () => {
    const { runs, batches } = repository();
    const recorder = new RunRecorder(runs, { flushIntervalMs: 5, maxBatch: 10, onError: () => {} });
    const first = recorder.record(entry('a'));
    recorder.recordDetached(entry('b'));
    const third = recorder.record(entry('c'));
    expect(recorder.pendingCount).toBe(3);
    await Promise.all([first, third]);
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(recorder.pendingCount).toBe(0);
  });

  it('reports a failed write of a detached record to onError, and rejects only the awaited ones', async () => {
    const { runs, state } = repository();
    const errors: { message: string; runs: string[] }[] = [];
    const recorder = new RunRecorder(runs, {
      flushIntervalMs: 1,
      maxBatch: 10,
      onError: (error, batch) =>
        errors.push({ message: (error as Error).message, runs: batch.map((saved) => saved.run.requestId) }),
    });
    state.failing = true;
    recorder.recordDetached(entry('detached'));
    await expect(recorder.record(entry('awaited'))).rejects.toThrow('disk full');
    expect(errors).toEqual([{ message: 'disk full', runs: ['detached', 'awaited'] }]);
  });

  it('writes a full batch at once, and refuses records after close (detached ones reach onError)', async () => {
    const { runs, batches } = repository();
    const errors: unknown[] = [];
    const recorder = new RunRecorder(runs, {
      flushIntervalMs: 60_000,
      maxBatch: 2,
      onError: (error) => errors.push(error),
    });
    recorder.recordDetached(entry('a'));
    await recorder.record(entry('b'));
    expect(batches).toEqual([['a', 'b']]);
    await recorder.close();
    await expect(recorder.record(entry('c'))).rejects.toThrow(/closed/);
    recorder.recordDetached(entry('d'));
    expect(errors).toHaveLength(1);
    expect(batches).toEqual([['a', 'b']]);
  });
});
