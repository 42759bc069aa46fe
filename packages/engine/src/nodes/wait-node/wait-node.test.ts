import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../compile/compile-flow.ts';
import { executeFlow } from '../../execute/execute-flow.ts';
import { flow, registry, services } from '../../execute/flow-fixtures.test-support.ts';

const waitFlow = (seconds: unknown) =>
  flow(
    [
      ['wait', 'waitNode', { nodeName: 'Wait', seconds }],
      ['response', 'graphqlResponseNode', { outputMapping: '{"waited":"{{wait.output.success}}"}' }],
    ],
    [
      ['triggerNode_1', 'wait'],
      ['wait', 'response'],
    ],
  );

describe('waitNode', () => {
  it('waits the given seconds, then continues', async () => {
    const started = performance.now();
    const outcome = await executeFlow(
      compileFlow(waitFlow('1'), registry),
      { requestId: 'r1', projectId: 'p1', payload: {} },
      services,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(outcome.result).toEqual({ waited: true });
    expect(outcome.nodes.find((node) => node.nodeId === 'wait')?.input).toEqual({ seconds: 1 });
  });

  it('stops waiting when the run is aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    const outcome = await executeFlow(
      compileFlow(waitFlow(90), registry),
      { requestId: 'r1', projectId: 'p1', payload: {}, signal: controller.signal },
      services,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outcome.status).toBe('error');
    expect(outcome.error?.nodeId).toBe('wait');
    expect(outcome.error?.message).toContain('run cancelled');
    expect(outcome.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['triggerNode_1', 'success'],
      ['wait', 'error'],
    ]);
  });

  it('refuses waits outside 1–90 seconds at deploy', () => {
    for (const seconds of [0, 91, 'soon', undefined]) {
      expect(() => compileFlow(waitFlow(seconds), registry)).toThrow(
        /node wait: seconds must be a number from 1 to 90/,
      );
    }
  });
});
