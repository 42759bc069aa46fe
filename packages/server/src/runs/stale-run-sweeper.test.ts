import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreJobQueue } from '../queue/store-queue/store-job-queue.ts';
import { run, runNode } from '../store/conformance/store-fixtures.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { RunRecord, Store } from '../store/store.ts';
import { RunRecorder } from './run-recorder.ts';
import { StaleRunSweeper } from './stale-run-sweeper.ts';

const minute = 60_000;

describe('StaleRunSweeper', () => {
  let folder: string;
  let store: Store;
  let queue: StoreJobQueue;
  let recorder: RunRecorder;
  const now = Date.now();

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'flowgate-sweeper-'));
    store = createSqliteStore({ path: join(folder, 'flowgate.db') });
    await store.migrate();
    await store.projects.create({ id: 'p', name: 'p', createdAt: 1 });
    queue = new StoreJobQueue(store.jobs);
    recorder = new RunRecorder(store.runs, { flushIntervalMs: 1, maxBatch: 100, onError: () => {} });
  });
  afterEach(async () => {
    await queue.close(0);
    await recorder.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const sweeper = (claimed = true) => {
    const closed: string[] = [];
    const instance = new StaleRunSweeper(store.runs, queue, recorder, {
      graceMs: 5 * minute,
      windowMs: 60 * minute,
      intervalMs: minute,
      batchSize: 100,
      now: () => now,
      claimPass: async () => claimed,
      onClosed: (closedRun) => closed.push(closedRun.requestId),
      onError: (error) => {
        throw error;
      },
    });
    return { instance, closed };
  };
  const save = (record: RunRecord) =>
    store.runs.save([{ run: record, nodes: [runNode(record.requestId, 0)] }]);
  const old = now - 10 * minute;

  it('closes old queued or running runs that no job will finish, and nothing else', async () => {
    const orphan = run('p', { mode: 'async', status: 'queued', createdAt: old, startedAt: null });
    const halfRun = run('p', { mode: 'webhook', status: 'running', createdAt: old, startedAt: old + 5 });
    const waiting = run('p', { mode: 'async', status: 'queued', createdAt: old, startedAt: null });
    const recent = run('p', { mode: 'async', status: 'queued', createdAt: now - minute, startedAt: null });
    const longSync = run('p', { mode: 'sync', status: 'running', createdAt: old });
    const done = run('p', { mode: 'async', status: 'success', createdAt: old });
    const ancient = run('p', { mode: 'async', status: 'queued', createdAt: now - 120 * minute });
    for (const record of [orphan, halfRun, waiting, recent, longSync, done, ancient]) await save(record);
    await queue.enqueue('run', waiting.requestId, {});

    const { instance, closed } = sweeper();
    expect(await instance.sweepOnce()).toBe(2);
    await recorder.flush();
    expect(closed.sort()).toEqual([orphan.requestId, halfRun.requestId].sort());
    const closedRun = await store.runs.get('p', halfRun.requestId);
    expect(closedRun?.run).toMatchObject({
      status: 'error',
      error: { code: 'RUN_ABANDONED' },
      finishedAt: now,
      durationMs: now - (old + 5),
    });
    expect(closedRun?.nodes).toEqual([]);
    for (const untouched of [waiting, recent, longSync, done, ancient]) {
      expect((await store.runs.get('p', untouched.requestId))?.run.status).toBe(untouched.status);
    }
  });

  it('leaves the pass to the process that claimed the interval', async () => {
    await save(run('p', { mode: 'async', status: 'queued', createdAt: old }));
    expect(await sweeper(false).instance.sweepOnce()).toBe(0);
    expect(await sweeper(true).instance.sweepOnce()).toBe(1);
  });
});
