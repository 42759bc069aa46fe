import { describe, expect, it } from 'vitest';
import type { RunRecord, RunWithNodes, Store } from '../store.ts';
import { baseTime, project, run, runNode } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

const day = 24 * 60 * 60 * 1000;

/** Saves runs with two nodes each; answers them. */
async function saveRuns(store: Store, runs: readonly RunRecord[]): Promise<RunWithNodes[]> {
  const entries = runs.map((saved) => ({
    run: saved,
    nodes: [runNode(saved.requestId, 0), runNode(saved.requestId, 1)],
  }));
  await store.runs.save(entries);
  return entries;
}

async function remaining(store: Store, entries: readonly RunWithNodes[]): Promise<string[]> {
  const kept: string[] = [];
  for (const { run: saved } of entries) {
    if (await store.runs.get(saved.projectId, saved.requestId)) kept.push(saved.requestId);
  }
  return kept;
}

export function describePruneConformance(context: ConformanceContext): void {
  describe('runs.prune (retention)', () => {
    it('deletes finished runs created before the cut-off, across projects, with their node traces', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const old = await saveRuns(store, [
        run(a, { createdAt: baseTime - 3 * day }),
        run(b, { createdAt: baseTime - 2 * day, status: 'error' }),
      ]);
      const stillGoing = await saveRuns(store, [
        run(a, { createdAt: baseTime - 4 * day, status: 'queued' }),
        run(b, { createdAt: baseTime - 4 * day, status: 'running' }),
      ]);
      const recent = await saveRuns(store, [
        run(a, { createdAt: baseTime }),
        run(b, { createdAt: baseTime }),
      ]);
      const result = await store.runs.prune({ createdBefore: baseTime - day, batchSize: 1000, pauseMs: 0 });
      expect(result).toEqual({ deleted: 2, ran: true });
      expect(await remaining(store, old)).toEqual([]);
      expect(await remaining(store, [...stillGoing, ...recent])).toHaveLength(4);
      // Node rows went with their run: the same requestId saved again has none.
      const again = old[0]?.run ?? run(a);
      await store.runs.save([{ run: again, nodes: [] }]);
      expect((await store.runs.get(a, again.requestId))?.nodes).toEqual([]);
    });

    it('keeps the newest runs beyond a count, deleting the oldest finished ones', async () => {
      const { store } = context;
      const projectId = await project(store);
      const entries = await saveRuns(
        store,
        Array.from({ length: 8 }, (_, index) =>
          run(projectId, { createdAt: baseTime + index, status: index === 0 ? 'running' : 'success' }),
        ),
      );
      const result = await store.runs.prune({ keepNewest: 5, batchSize: 2, pauseMs: 1 });
      expect(result).toEqual({ deleted: 3, ran: true });
      const ids = entries.map((entry) => entry.run.requestId);
      // The running run (oldest) stays; the three oldest finished ones go.
      expect(await remaining(store, entries)).toEqual([ids[0], ...ids.slice(4)]);
    });

    it('works in batches, applies the age rule before the count rule, and does nothing without rules', async () => {
      const { store } = context;
      const projectId = await project(store);
      const entries = await saveRuns(
        store,
        Array.from({ length: 7 }, (_, index) => run(projectId, { createdAt: baseTime + index * day })),
      );
      expect(await store.runs.prune({ batchSize: 2, pauseMs: 0 })).toEqual({ deleted: 0, ran: true });
      const result = await store.runs.prune({
        createdBefore: baseTime + 3 * day,
        keepNewest: 2,
        batchSize: 2,
        pauseMs: 0,
      });
      expect(result).toEqual({ deleted: 5, ran: true });
      const ids = entries.map((entry) => entry.run.requestId);
      expect(await remaining(store, entries)).toEqual(ids.slice(5));
    });

    it('stops between batches once its signal aborts', async () => {
      const { store } = context;
      const projectId = await project(store);
      const entries = await saveRuns(
        store,
        Array.from({ length: 6 }, (_, index) => run(projectId, { createdAt: baseTime + index })),
      );
      const stop = new AbortController();
      stop.abort();
      const options = { createdBefore: baseTime + day, batchSize: 2, pauseMs: 0, signal: stop.signal };
      expect(await store.runs.prune(options)).toEqual({ deleted: 0, ran: true });
      const pausing = new AbortController();
      const pass = store.runs.prune({ ...options, pauseMs: 60_000, signal: pausing.signal });
      setTimeout(() => pausing.abort(), 50);
      expect(await pass).toEqual({ deleted: 2, ran: true });
      expect(await remaining(store, entries)).toHaveLength(4);
    });
  });
}
