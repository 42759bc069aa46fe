import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncFlow } from '../../server/test/support/async-runs.ts';
import type { TestServer } from '../../server/test/support/test-server.ts';
import { greetFlow } from '../../server/test/support/webhook-flows.ts';
import { type Flowgate, TimeoutError, WorkflowError } from '../src/index.ts';
import { startSdkFixture } from './support/sdk-fixture.ts';

describe('async runs: start, status, wait', () => {
  let server: TestServer;
  let client: Flowgate;

  beforeAll(async () => {
    const flows = [asyncFlow('later'), greetFlow('fails-later', { fail: true, async: true })];
    ({ server, client } = await startSdkFixture(flows, { flags: { queuePollMs: 20 } }));
  });
  afterAll(() => server.close());

  it('starts an async flow, sees it in progress, and waits for its result', async () => {
    const started = performance.now();
    const requestId = await client.start('later', { n: 7 });
    expect(performance.now() - started).toBeLessThan(800);
    expect(await client.status(requestId)).toEqual({ status: 'in-progress', requestId });
    const answer = await client.wait(requestId, { intervalMs: 100, timeoutMs: 10_000 });
    expect(answer).toEqual({ requestId, result: { n: 7, text: 'hi 7' } });
    // The flow waits one second: wait returned once the run had finished, not before.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    const done = await client.status(requestId);
    expect(done).toMatchObject({ status: 'success', result: { n: 7, text: 'hi 7' } });
    expect(done.status === 'success' && done.nodes.map((node) => node.nodeId)).toEqual([
      'triggerNode_1',
      'greet',
      'pause',
      'response',
    ]);
  });

  it('executeWorkflow of an async flow answers its requestId at once', async () => {
    const answer = await client.executeWorkflow('later', { n: 1 });
    expect(answer.result).toEqual({ requestId: answer.requestId });
  });

  it('wait throws the run’s WorkflowError with the failed node', async () => {
    const requestId = await client.start('fails-later', { name: 'Ada' });
    const error = await client.wait(requestId, { intervalMs: 50 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toMatchObject({ requestId, nodeId: 'check', code: 'WORKFLOW_FAILED' });
    expect((error as Error).message).toMatch(/no greeting today/);
  });

  it('wait gives up after its timeoutMs with a TimeoutError naming the run', async () => {
    const requestId = await client.start('later', { n: 2 });
    const error = await client
      .wait(requestId, { intervalMs: 50, timeoutMs: 300 })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ requestId });
    expect((error as Error).message).toMatch(new RegExp(`Run ${requestId} may still finish`));
  });
});
