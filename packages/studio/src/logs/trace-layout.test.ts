import type { NodeTraceView } from '@flowgate/server/studio-contract';
import { describe, expect, it } from 'vitest';
import { layoutTrace } from './trace-layout.ts';

function node(
  position: number,
  startedAt: number | null,
  durationMs: number | null,
  status: NodeTraceView['status'] = 'success',
): NodeTraceView {
  return {
    position,
    nodeId: `n${position}`,
    kind: 'codeNode',
    name: `Node ${position}`,
    status,
    input: null,
    output: null,
    error: null,
    startedAt,
    durationMs,
    totalTokens: null,
    costUsd: null,
  };
}

describe('layoutTrace', () => {
  it('places bars by start and duration on the run timeline', () => {
    const layout = layoutTrace([node(1, 1010, 20), node(0, 1000, 10)], 1000, 40);
    expect(layout.totalMs).toBe(40);
    expect(layout.bars.map((bar) => [bar.node.nodeId, bar.left, bar.width])).toEqual([
      ['n0', 0, 0.25],
      ['n1', 0.25, 0.5],
    ]);
  });

  it('stretches the timeline to the last node, and gives skipped nodes no bar', () => {
    const layout = layoutTrace(
      [node(0, 1000, 10), node(1, null, null, 'skipped'), node(2, 1010, 90)],
      1000,
      50,
    );
    expect(layout.totalMs).toBe(100);
    expect(layout.bars[1]).toMatchObject({ offsetMs: null, width: 0 });
    expect(layout.bars[2]).toMatchObject({ offsetMs: 10, left: 0.1, width: 0.9 });
  });

  it('puts a node without a start after the one before, marked estimated', () => {
    const layout = layoutTrace([node(0, null, 30), node(1, null, 10)], 5000, null);
    expect(layout.totalMs).toBe(40);
    expect(layout.bars[1]).toMatchObject({ offsetMs: 30, estimated: true });
  });
});
