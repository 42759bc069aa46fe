import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncFlow } from '../../server/test/support/async-runs.ts';
import type { TestServer } from '../../server/test/support/test-server.ts';
import { greetFlow } from '../../server/test/support/webhook-flows.ts';
import { type Flowgate, NotFoundError, type StreamFrame, WorkflowError } from '../src/index.ts';
import { startSdkFixture } from './support/sdk-fixture.ts';

describe('stream: Server-Sent Events frames as the run goes', () => {
  let server: TestServer;
  let client: Flowgate;

  beforeAll(async () => {
    // asyncFlow: greet, a one-second pause, then the response (a stream runs it whatever its trigger says).
    ({ server, client } = await startSdkFixture([
      asyncFlow('greet-slowly'),
      greetFlow('fails', { fail: true }),
    ]));
  });
  afterAll(() => server.close());

  it('yields each node’s frame when it finishes, long before the result', async () => {
    const frames: { at: number; frame: StreamFrame }[] = [];
    for await (const frame of client.stream('greet-slowly', { n: 7 }))
      frames.push({ at: performance.now(), frame });
    const greet = frames.find(({ frame }) => frame.kind === 'node' && frame.nodeId === 'greet');
    const done = frames.at(-1);
    expect(greet?.frame).toMatchObject({ kind: 'node', status: 'success', data: { text: 'hi 7' } });
    expect(done?.frame).toMatchObject({ kind: 'done', result: { n: 7, text: 'hi 7' } });
    expect((done?.at ?? 0) - (greet?.at ?? 0)).toBeGreaterThan(800);
    expect(new Set(frames.map(({ frame }) => frame.requestId)).size).toBe(1);
  });

  it('throws the server’s error before streaming, and a WorkflowError for a failed run', async () => {
    await expect(async () => {
      for await (const _ of client.stream('nope', {})) expect.fail('no frame expected');
    }).rejects.toBeInstanceOf(NotFoundError);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const frame of client.stream('fails', { name: 'Ada' }))
        seen.push(frame.kind === 'node' ? `${frame.nodeId}:${frame.status}` : frame.kind);
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toMatchObject({ nodeId: 'check' });
    expect(seen).toContain('check:error');
  });

  it('closes the connection when the consumer stops early', async () => {
    const started = performance.now();
    for await (const frame of client.stream('greet-slowly', { n: 8 })) {
      if (frame.kind === 'node' && frame.nodeId === 'greet') break;
    }
    expect(performance.now() - started).toBeLessThan(800);
  });
});
