import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinNodeKinds, NodeRegistry } from '@flowgate/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_FLOW_NODES, asyncFlow } from '../../test/support/async-runs.ts';
import { type App, createApp } from '../app.ts';
import { ALL_SCOPES, type Caller } from '../auth/caller.ts';
import { loadConfig } from '../config/config.ts';
import { ActiveDeployments } from '../deployments/active-deployments.ts';
import { createLogger } from '../logging/logger.ts';
import type { Job } from '../queue/job-queue.ts';
import type { RunRecord } from '../store/store.ts';
import { runJobPayload } from './run-job.ts';
import { RunWorker } from './run-worker.ts';

/** The `run` job handler against a real app on SQLite whose own workers are not started. */
describe('RunWorker', () => {
  let folder: string;
  let app: App;
  let caller: Caller;
  let worker: RunWorker;
  const warnings: string[] = [];
  const runQueued: RunRecord[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'flowgate-run-worker-'));
    app = await createApp(loadConfig({}, { dataDir: folder }), { logger: createLogger('silent') });
    const project = await app.projects.create('worker');
    caller = { projectId: project.id, keyId: null, keyName: 'test', scopes: ALL_SCOPES, via: 'cli' };
    await app.deploys.deploy(project.id, [asyncFlow('later', 'first')]);
    const active = new ActiveDeployments(app.store, new NodeRegistry(builtinNodeKinds), {
      ttlMs: 0,
      now: Date.now,
    });
    // The app's run service, counting runQueued calls.
    const runs: App['runs'] = Object.assign(Object.create(app.runs) as App['runs'], {
      runQueued: (...args: Parameters<App['runs']['runQueued']>) => {
        runQueued.push(args[0]);
        return app.runs.runQueued(...args);
      },
    });
    worker = new RunWorker(app.store, active, runs, app.recorder, {
      maxAttempts: 3,
      now: Date.now,
      onWarning: (message) => warnings.push(message),
    });
  });
  afterAll(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  const accept = async (n: number) => {
    const answer = await app.runs.executeWorkflow(caller, 'later', { n }, { idempotencyKey: undefined });
    return answer.requestId;
  };
  const jobFor = (requestId: string, attempt = 1): Job => ({
    id: `job-${requestId}`,
    kind: 'run',
    key: requestId,
    payload: runJobPayload(caller.projectId, requestId),
    attempt,
  });
  const stored = async (requestId: string) => {
    await app.recorder.flush();
    return app.store.runs.get(caller.projectId, requestId);
  };

  it('runs a queued run to its final record, and leaves it alone when the job comes again', async () => {
    const requestId = await accept(1);
    expect((await stored(requestId))?.run.status).toBe('queued');
    await worker.handle(jobFor(requestId));
    const done = await stored(requestId);
    expect(done?.run).toMatchObject({ status: 'success', mode: 'async', result: { n: 1, text: 'first 1' } });
    expect(done?.nodes).toHaveLength(ASYNC_FLOW_NODES);
    const calls = runQueued.length;
    await worker.handle(jobFor(requestId, 2));
    expect(runQueued).toHaveLength(calls);
    expect(await stored(requestId)).toEqual(done);
  });

  it('runs again from the start a run whose process died mid-run, replacing its record', async () => {
    const requestId = await accept(2);
    const queued = await stored(requestId);
    if (!queued) throw new Error('not recorded');
    // What a worker killed mid-run leaves: the run marked running, with a node record or two.
    await app.recorder.record({
      run: { ...queued.run, status: 'running', startedAt: Date.now() },
      nodes: [
        {
          requestId,
          position: 0,
          nodeId: 'triggerNode_1',
          kind: 'graphqlNode',
          name: 'stale',
          status: 'success',
          input: null,
          output: { n: 2 },
          error: null,
          startedAt: 1,
          durationMs: 0,
          totalTokens: null,
        },
      ],
    });
    await worker.handle(jobFor(requestId, 2));
    const done = await stored(requestId);
    expect(done?.run.status).toBe('success');
    expect(done?.nodes.map((node) => node.nodeId)).toEqual(['triggerNode_1', 'greet', 'pause', 'response']);
    expect(done?.nodes.some((node) => node.name === 'stale')).toBe(false);
  });

  it('runs the deployment the run was accepted on, though another became active since', async () => {
    const requestId = await accept(3);
    await app.deploys.deploy(caller.projectId, [asyncFlow('later', 'second')]);
    await worker.handle(jobFor(requestId));
    expect((await stored(requestId))?.run).toMatchObject({
      deploymentNumber: 1,
      result: { text: 'first 3' },
    });
    const after = await accept(4);
    await worker.handle(jobFor(after));
    expect((await stored(after))?.run).toMatchObject({ deploymentNumber: 2, result: { text: 'second 4' } });
  });

  it('records a run that keeps being interrupted as failed instead of running it again', async () => {
    const requestId = await accept(5);
    const calls = runQueued.length;
    await worker.handle(jobFor(requestId, 4));
    expect(runQueued).toHaveLength(calls);
    expect((await stored(requestId))?.run).toMatchObject({
      status: 'error',
      error: { code: 'RUN_INTERRUPTED', message: expect.stringContaining('interrupted 3 times') },
    });
  });

  it('drops a job whose run is not recorded, or whose payload is not a run job', async () => {
    await worker.handle(jobFor('0191d3a4-0000-7000-8000-000000000000'));
    await worker.handle({ ...jobFor('x'), payload: { something: 'else' } });
    expect(warnings).toEqual([
      'run job for a run that is not recorded: dropped',
      'run job without a projectId and requestId: dropped',
    ]);
  });
});
