import type { FlowDefinitionJson } from '@flowgate/server/studio-contract';
import { describe, expect, it } from 'vitest';
import { countOverlaps, flowDirection, layoutLeftToRight, needsLayout } from './auto-layout.ts';
import { toCanvas } from './flow-graph.ts';

/** Like an AgentKit export: a condition with two branches that join, every node at 0,0. */
function exported(): FlowDefinitionJson {
  const node = (id: string, nodeId: string) => ({
    id,
    position: { x: 0, y: 0 },
    data: { nodeId, values: {} },
  });
  const edge = (source: string, target: string, type = 'defaultEdge') => ({ source, target, type });
  return {
    id: 'f',
    name: 'f',
    nodes: [
      node('trigger', 'graphqlNode'),
      node('check', 'conditionNode'),
      node('left', 'LLMNode'),
      node('right', 'LLMNode'),
      node('join', 'codeNode'),
      node('response', 'graphqlResponseNode'),
    ],
    edges: [
      edge('trigger', 'check'),
      edge('check', 'left', 'conditionEdge'),
      edge('check', 'right', 'conditionEdge'),
      edge('left', 'join'),
      edge('right', 'join'),
      edge('join', 'response'),
      edge('trigger', 'response', 'responseEdge'),
    ],
  };
}

describe('auto-layout', () => {
  it('spreads stacked nodes left to right, branches side by side, with no overlap', () => {
    const { nodes, edges } = toCanvas(exported());
    expect(needsLayout(nodes, true)).toBe(true);
    const placed = layoutLeftToRight(nodes, edges);
    expect(countOverlaps(placed)).toBe(0);
    const at = (id: string) =>
      placed.find((node) => node.id === id)?.position ?? { x: Number.NaN, y: Number.NaN };
    const order = ['trigger', 'check', 'left', 'join', 'response'].map((id) => at(id).x);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(at('left').x).toBe(at('right').x);
    expect(at('left').y).not.toBe(at('right').y);
    expect(needsLayout(placed, true)).toBe(false);
    expect(flowDirection(placed, edges)).toBe('LR');
  });

  it("reads Lamatic's top-to-bottom placement, branches spread sideways, as top-to-bottom", () => {
    const { nodes, edges } = toCanvas(exported());
    const rows: Record<string, [number, number]> = {
      trigger: [675, 0],
      check: [675, 150],
      left: [0, 300],
      right: [1350, 300],
      join: [675, 450],
      response: [675, 600],
    };
    const placed = nodes.map((node) => {
      const [x, y] = rows[node.id] ?? [0, 0];
      return { ...node, position: { x, y } };
    });
    expect(flowDirection(placed, edges)).toBe('TB');
  });

  it('lays out a flow whose nodes have no position', () => {
    const { nodes } = toCanvas(exported());
    expect(needsLayout(nodes, false)).toBe(true);
  });
});
