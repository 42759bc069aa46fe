import type { FlowDefinitionJson, NodeKindView } from '@flowgate/server/studio-contract';
import { describe, expect, it } from 'vitest';
import {
  conditionLabels,
  fromCanvas,
  newEdgeJson,
  newNodeJson,
  toCanvas,
  toCanvasEdge,
} from './flow-graph.ts';

const FLOW: FlowDefinitionJson = {
  id: 'triage',
  name: 'Triage',
  exportedBy: 'lamatic',
  nodes: [
    {
      id: 'triggerNode_1',
      type: 'triggerNode',
      position: { x: 0, y: 0 },
      data: { nodeId: 'graphqlNode', trigger: true, values: { nodeName: 'API Request' }, modes: {} },
      measured: { width: 1 },
    },
    {
      id: 'conditionNode_1',
      type: 'conditionNode',
      data: {
        nodeId: 'conditionNode',
        values: {
          conditions: [
            { label: 'Urgent', condition: '{}' },
            { label: 'Else', condition: {} },
          ],
        },
      },
    },
  ],
  edges: [
    { source: 'triggerNode_1', target: 'conditionNode_1', type: 'defaultEdge', invisible: false, custom: 1 },
  ],
};

describe('flow-graph', () => {
  it('round-trips keys the editor does not know, only positions change', () => {
    const { nodes, edges } = toCanvas(FLOW);
    const moved = nodes.map((node) => ({ ...node, position: { x: node.position.x + 10.4, y: 5 } }));
    const saved = fromCanvas(FLOW, moved, edges);
    expect(saved.exportedBy).toBe('lamatic');
    expect(saved.nodes[0]).toEqual({ ...FLOW.nodes[0], position: { x: 10, y: 5 } });
    expect(saved.nodes[1]?.data).toEqual(FLOW.nodes[1]?.data);
    // An edge without an id keeps having none; the canvas id is its own.
    expect(saved.edges).toEqual(FLOW.edges);
    expect(edges[0]?.id).toBe('triggerNode_1->conditionNode_1#0');
  });

  it('labels condition edges with the next unused branch, ending with Else', () => {
    const condition = FLOW.nodes[1];
    if (!condition) throw new Error('fixture');
    expect(conditionLabels(condition)).toEqual(['Urgent', 'Else']);
    const first = newEdgeJson(condition, 'a', []);
    expect(first).toMatchObject({
      type: 'conditionEdge',
      data: { condition: 'Urgent', branchName: 'Urgent' },
    });
    const second = newEdgeJson(condition, 'b', [toCanvasEdge(first, 0)]);
    expect(second.data).toEqual({ condition: 'Else', branchName: 'Else' });
    const trigger = FLOW.nodes[0];
    if (!trigger) throw new Error('fixture');
    expect(newEdgeJson(trigger, 'x', [])).toMatchObject({
      type: 'defaultEdge',
      sourceHandle: 'bottom',
      targetHandle: 'top',
    });
  });

  it('gives new nodes a Lamatic-style id that is free, and their canvas type', () => {
    const kind: NodeKindView = {
      kind: 'LLMNode',
      label: 'Generate Text',
      category: 'ai',
      description: '',
      fields: [],
    };
    const taken = new Set(Array.from({ length: 900 }, (_, index) => `LLMNode_${100 + index}`));
    const node = newNodeJson(kind, taken, { x: 1, y: 2 });
    expect(node.id).toMatch(/^LLMNode_\d+$/);
    expect(taken.has(node.id)).toBe(false);
    expect(node).toMatchObject({
      type: 'dynamicNode',
      data: { nodeId: 'LLMNode', values: { nodeName: 'Generate Text' } },
    });
    const trigger = newNodeJson({ ...kind, kind: 'graphqlNode', category: 'trigger' }, new Set(), {
      x: 0,
      y: 0,
    });
    expect(trigger).toMatchObject({ type: 'triggerNode', data: { trigger: true } });
  });
});
