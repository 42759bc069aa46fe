import { describe, expect, it } from 'vitest';
import type { RunWithNodes } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { baseTime, nestedJson, project, run, runNode } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

export function describeRunConformance(context: ConformanceContext): void {
  describe('runs', () => {
    it('saves a run with its nodes and reads it back exactly, JSON included', async () => {
      const { store } = context;
      const projectId = await project(store);
      const saved = run(projectId, {
        payload: nestedJson,
        result: { list: [1, 'two', { three: [3] }] },
        apiKeyId: 'key-1',
        idempotencyKey: 'idem-1',
      });
      const nodes = [
        runNode(saved.requestId, 0, { input: nestedJson }),
        runNode(saved.requestId, 1, { output: null, totalTokens: 12 }),
        runNode(saved.requestId, 2, { status: 'error', error: 'boom', output: null, durationMs: null }),
      ];
      await store.runs.save([{ run: saved, nodes }]);
      const read = await store.runs.get(projectId, saved.requestId);
      expect(read).toEqual({ run: saved, nodes });
      expect(typeof read?.run.createdAt).toBe('number');
      expect(await store.runs.get(projectId, 'missing')).toBeUndefined();
    });

    it('keeps null JSON columns null, and a failed run’s error document', async () => {
      const { store } = context;
      const projectId = await project(store);
      const failed = run(projectId, {
        status: 'error',
        payload: null,
        result: null,
        error: { code: 'NODE_FAILED', message: 'LLM timed out', nodeId: 'LLMNode_1' },
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        totalTokens: null,
        costUsd: null,
      });
      await store.runs.save([{ run: failed, nodes: [] }]);
      expect(await store.runs.get(projectId, failed.requestId)).toEqual({ run: failed, nodes: [] });
    });

    it('never returns another project’s run', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const saved = run(a);
      await store.runs.save([{ run: saved, nodes: [runNode(saved.requestId, 0)] }]);
      expect(await store.runs.get(b, saved.requestId)).toBeUndefined();
      expect(await store.runs.list(b, { limit: 10 })).toEqual([]);
    });

    it('upserts: saving again replaces the run and its node trace', async () => {
      const { store } = context;
      const projectId = await project(store);
      const queued = run(projectId, { status: 'running', result: null, finishedAt: null });
      const nodes = [0, 1, 2].map((position) => runNode(queued.requestId, position));
      await store.runs.save([{ run: queued, nodes }]);
      const done = { ...queued, status: 'success' as const, result: { ok: true }, finishedAt: baseTime + 9 };
      const fewer = [runNode(queued.requestId, 0, { output: { replaced: true } })];
      await store.runs.save([{ run: done, nodes: fewer }]);
      expect(await store.runs.get(projectId, queued.requestId)).toEqual({ run: done, nodes: fewer });
      expect(await store.runs.list(projectId, { limit: 10 })).toEqual([done]);
    });

    it('takes the last state when a batch holds one run twice', async () => {
      const { store } = context;
      const projectId = await project(store);
      const running = run(projectId, { status: 'running' });
      const finished = { ...running, status: 'success' as const };
      const nodes = [runNode(running.requestId, 0), runNode(running.requestId, 1)];
      await store.runs.save([
        { run: running, nodes: nodes.slice(0, 1) },
        { run: finished, nodes },
      ]);
      expect(await store.runs.get(projectId, running.requestId)).toEqual({ run: finished, nodes });
      await store.runs.save([]);
    });

    it('writes a large batch in one call', async () => {
      const { store } = context;
      const projectId = await project(store);
      const batch: RunWithNodes[] = Array.from({ length: 300 }, (_, index) => {
        const saved = run(projectId, { createdAt: baseTime + index });
        return { run: saved, nodes: [0, 1, 2].map((position) => runNode(saved.requestId, position)) };
      });
      await store.runs.save(batch);
      expect(await store.runs.list(projectId, { limit: 1000 })).toHaveLength(300);
      const last = batch[299];
      expect(await store.runs.get(projectId, last?.run.requestId ?? '')).toEqual(last);
    });

    it('refuses the whole batch when a requestId belongs to another project', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const owned = run(a);
      await store.runs.save([{ run: owned, nodes: [runNode(owned.requestId, 0)] }]);
      const innocent = run(b);
      const hijack = { ...owned, projectId: b, status: 'error' as const };
      const attempt = store.runs.save([
        { run: innocent, nodes: [] },
        { run: hijack, nodes: [] },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(StoreConstraintError);
      expect(await store.runs.get(a, owned.requestId)).toEqual({
        run: owned,
        nodes: [runNode(owned.requestId, 0)],
      });
      expect(await store.runs.get(b, innocent.requestId)).toBeUndefined();
    });

    it('refuses a second run with the same idempotency key in a project, not across projects', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      await store.runs.save([{ run: run(a, { idempotencyKey: 'same' }), nodes: [] }]);
      await store.runs.save([{ run: run(b, { idempotencyKey: 'same' }), nodes: [] }]);
      await store.runs.save([
        { run: run(a), nodes: [] },
        { run: run(a), nodes: [] },
      ]);
      await expect(
        store.runs.save([{ run: run(a, { idempotencyKey: 'same' }), nodes: [] }]),
      ).rejects.toSatisfy((error) => error instanceof StoreConstraintError && error.constraint === 'unique');
    });

    it('finds a run by idempotency key within its project only', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const keyed = run(a, { idempotencyKey: 'order-42', payload: nestedJson });
      await store.runs.save([
        { run: keyed, nodes: [runNode(keyed.requestId, 0)] },
        { run: run(a), nodes: [] },
      ]);
      expect(await store.runs.findByIdempotencyKey(a, 'order-42')).toEqual(keyed);
      expect(await store.runs.findByIdempotencyKey(b, 'order-42')).toBeUndefined();
      expect(await store.runs.findByIdempotencyKey(a, 'order-43')).toBeUndefined();
    });

    it('releases an expired idempotency key so a new run can take it', async () => {
      const { store } = context;
      const projectId = await project(store);
      const old = run(projectId, { idempotencyKey: 'k', createdAt: baseTime });
      await store.runs.save([{ run: old, nodes: [] }]);
      expect(await store.runs.releaseIdempotencyKey(projectId, 'k', baseTime)).toBe(false);
      expect(await store.runs.releaseIdempotencyKey(projectId, 'other', baseTime + 1)).toBe(false);
      expect(await store.runs.releaseIdempotencyKey(projectId, 'k', baseTime + 1)).toBe(true);
      expect(await store.runs.findByIdempotencyKey(projectId, 'k')).toBeUndefined();
      expect((await store.runs.get(projectId, old.requestId))?.run.idempotencyKey).toBeNull();
      const next = run(projectId, { idempotencyKey: 'k', createdAt: baseTime + 2 });
      await store.runs.save([{ run: next, nodes: [] }]);
      expect(await store.runs.findByIdempotencyKey(projectId, 'k')).toEqual(next);
    });

    it('lists newest first with limit, before and flowId', async () => {
      const { store } = context;
      const projectId = await project(store);
      const runs = Array.from({ length: 6 }, (_, index) =>
        run(projectId, { createdAt: baseTime + index * 10, flowId: index % 2 === 0 ? 'even' : 'odd' }),
      );
      await store.runs.save(runs.map((saved) => ({ run: saved, nodes: [] })));
      const created = async (options: { limit: number; before?: number; flowId?: string }) =>
        (await store.runs.list(projectId, options)).map((listed) => listed.createdAt - baseTime);
      expect(await created({ limit: 10 })).toEqual([50, 40, 30, 20, 10, 0]);
      expect(await created({ limit: 2 })).toEqual([50, 40]);
      expect(await created({ limit: 10, before: baseTime + 40 })).toEqual([30, 20, 10, 0]);
      expect(await created({ limit: 10, flowId: 'odd' })).toEqual([50, 30, 10]);
      expect(await created({ limit: 1, flowId: 'even', before: baseTime + 40 })).toEqual([20]);
    });
  });
}
