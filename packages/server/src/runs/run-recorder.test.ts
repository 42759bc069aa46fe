import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, run } from '../store/conformance/store-fixtures.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { RunWithNodes, Store } from '../store/store.ts';
import { RunRecorder } from './run-recorder.ts';

/** On the embedded store itself: its writer thread, its transaction, its tenant check. */
describe('RunRecorder on SQLite', () => {
  const root = mkdtempSync(join(tmpdir(), 'flowgate-recorder-'));
  let store: Store;
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    store = createSqliteStore({ path: join(root, 'flowgate.db') });
    await store.migrate();
    projectId = await project(store);
    otherProjectId = await project(store);
  });

  afterAll(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  const entry = (requestId?: string, owner = projectId): RunWithNodes => ({
    run: run(owner, requestId === undefined ? {} : { requestId }),
    nodes: [],
  });

  function recorder(options: {
    flushIntervalMs: number;
    maxBatch: number;
    detachedFlushIntervalMs?: number;
  }) {
    const errors: { message: string; requestIds: string[] }[] = [];
    const batches: string[][] = [];
    const instance = new RunRecorder(
      {
        ...store.runs,
        save: (batch) => {
          batches.push(batch.map((saved) => saved.run.requestId));
          return store.runs.save(batch);
        },
      },
      {
        ...options,
        onError: (error, batch) =>
          errors.push({
            message: (error as Error).message,
            requestIds: batch.map((saved) => saved.run.requestId),
          }),
      },
    );
    return { instance, errors, batches };
  }

  it('commits awaited and detached records in one batch, in the order they came', async () => {
    const { instance, batches } = recorder({ flushIntervalMs: 5, maxBatch: 10 });
    const [first, second, third] = [entry(), entry(), entry()];
    const awaited = [instance.record(first), instance.record(third)];
    instance.recordDetached(second);
    expect(instance.pendingCount).toBe(3);
    await Promise.all(awaited);
    expect(batches).toEqual([[first.run.requestId, third.run.requestId, second.run.requestId]]);
    for (const recorded of [first, second, third]) {
      expect((await store.runs.get(projectId, recorded.run.requestId))?.run.status).toBe('success');
    }
  });

  it('reports a refused batch to onError, rejects only the awaited records, and writes none of it', async () => {
    const { instance, errors } = recorder({ flushIntervalMs: 5, maxBatch: 10 });
    const taken = entry();
    await instance.record(taken);
    // The same requestId under another project: the store refuses the whole batch.
    const detached = entry();
    const foreign = entry(taken.run.requestId, otherProjectId);
    instance.recordDetached(detached);
    await expect(instance.record(foreign)).rejects.toThrow(/another project/);
    expect(errors).toEqual([
      {
        message: expect.stringMatching(/another project/),
        requestIds: [detached.run.requestId, taken.run.requestId],
      },
    ]);
    expect(await store.runs.get(projectId, detached.run.requestId)).toBeUndefined();
    expect(await store.runs.get(otherProjectId, taken.run.requestId)).toBeUndefined();
  });

  it('lets detached records gather for their longer window, and an awaited one brings the write forward', async () => {
    const { instance, batches } = recorder({
      flushIntervalMs: 5,
      detachedFlushIntervalMs: 400,
      maxBatch: 10,
    });
    const [first, second, third] = [entry(), entry(), entry()];
    instance.recordDetached(first);
    instance.recordDetached(second);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Past the awaited window, within the detached one: nothing written yet.
    expect(batches).toEqual([]);
    const started = performance.now();
    await instance.record(third);
    expect(performance.now() - started).toBeLessThan(200);
    expect(batches).toEqual([[first.run.requestId, second.run.requestId, third.run.requestId]]);
    // Alone, detached records are written once their window passes.
    const late = entry();
    instance.recordDetached(late);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(batches).toEqual([
      [first.run.requestId, second.run.requestId, third.run.requestId],
      [late.run.requestId],
    ]);
  });

  it('writes a full batch at once, and refuses records after close (detached ones reach onError)', async () => {
    const { instance, errors, batches } = recorder({ flushIntervalMs: 60_000, maxBatch: 2 });
    const [first, second] = [entry(), entry()];
    instance.recordDetached(first);
    await instance.record(second);
    expect(batches).toEqual([[first.run.requestId, second.run.requestId]]);
    await instance.close();
    await expect(instance.record(entry())).rejects.toThrow(/closed/);
    const late = entry();
    instance.recordDetached(late);
    expect(errors).toEqual([{ message: 'the run recorder is closed', requestIds: [late.run.requestId] }]);
    expect(await store.runs.get(projectId, late.run.requestId)).toBeUndefined();
  });
});
