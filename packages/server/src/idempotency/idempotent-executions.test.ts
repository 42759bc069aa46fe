import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowResult } from '../runs/run-api.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { RunWithNodes, Store } from '../store/store.ts';
import { type ClaimKey, IdempotentExecutions } from './idempotent-executions.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'flowgate-idempotency-'));
const projectId = 'project-1';

function firstRecord(requestId: string, key: string, payload: { n: number }): RunWithNodes {
  return {
    run: {
      requestId,
      projectId,
      flowId: 'flow',
      deploymentNumber: 1,
      mode: 'sync',
      status: 'running',
      payload,
      result: null,
      error: null,
      apiKeyId: null,
      idempotencyKey: key,
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      totalTokens: null,
      costUsd: null,
    },
    nodes: [],
  };
}

/** Stands in for the run service: claims the key, then "runs" for `ms`. */
function starter(requestId: string, key: string, ms: number, started: string[]) {
  return async (claim: ClaimKey): Promise<WorkflowResult> => {
    await claim(firstRecord(requestId, key, { n: 1 }));
    started.push(requestId);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { status: 'success', result: { done: requestId }, requestId };
  };
}

describe('IdempotentExecutions', () => {
  let store: Store;

  beforeAll(async () => {
    store = createSqliteStore({ path: path.join(folder, 'flowgate.db') });
    await store.migrate();
    await store.projects.create({ id: projectId, name: 'p', createdAt: 1 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const options = { windowMs: 60_000, now: Date.now, flush: async () => {} };
  const request = (key: string) => ({ projectId, key, workflowId: 'flow', payload: { n: 1 } });

  it('runs once for concurrent repeats in one process: the others wait for the first', async () => {
    const executions = new IdempotentExecutions(store.runs, options);
    const started: string[] = [];
    const answers = await Promise.all(
      ['r1', 'r2', 'r3'].map((id) =>
        executions.execute(request('same-process'), starter(id, 'same-process', 50, started)),
      ),
    );
    expect(started).toEqual(['r1']);
    expect(answers.map((answer) => answer.requestId)).toEqual(['r1', 'r1', 'r1']);
  });

  it('lets the store decide between processes: the loser answers with the winner’s requestId', async () => {
    // Two instances stand for two processes sharing one database: neither sees the other's map.
    const processA = new IdempotentExecutions(store.runs, options);
    const processB = new IdempotentExecutions(store.runs, options);
    const started: string[] = [];
    const [a, b] = await Promise.all([
      processA.execute(request('two-processes'), starter('ra', 'two-processes', 100, started)),
      processB.execute(request('two-processes'), starter('rb', 'two-processes', 100, started)),
    ]);
    expect(started).toHaveLength(1);
    const winner = started[0];
    const loser = a.requestId === winner ? b : a;
    expect(loser).toEqual({ status: 'in-progress', result: { requestId: winner }, requestId: winner });
    expect((await store.runs.findByIdempotencyKey(projectId, 'two-processes'))?.requestId).toBe(winner);
  });

  it('refuses a repeat with another payload while the first is in flight', async () => {
    const executions = new IdempotentExecutions(store.runs, options);
    const first = executions.execute(request('in-flight'), starter('rf', 'in-flight', 50, []));
    expect(() =>
      executions.execute({ ...request('in-flight'), payload: { n: 2 } }, starter('rg', 'in-flight', 1, [])),
    ).toThrow(/already used in this project with a different workflowId or payload/);
    await first;
  });
});
