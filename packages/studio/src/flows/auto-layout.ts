import dagre from '@dagrejs/dagre';
import { type FlowCanvasEdge, type FlowCanvasNode, NODE_SIZE } from './flow-graph.ts';

/** Edges that are not execution order (trigger → response, hidden loop links) do not shape the layout. */
const LAYOUT_IGNORED_EDGES = new Set(['responseEdge']);

function sizeOf(node: FlowCanvasNode): { width: number; height: number } {
  return {
    width: node.measured?.width ?? NODE_SIZE.width,
    height: node.measured?.height ?? NODE_SIZE.height,
  };
}

/** Left-to-right layered layout (dagre); returns the nodes with new positions (top-left corners). */
export function layoutLeftToRight(
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
): FlowCanvasNode[] {
  const graph = new dagre.graphlib.Graph();
  // Wide ranks leave room for branch labels ("Condition 1", "Else") on the edges between them.
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 110, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, sizeOf(node));
  const ids = new Set(nodes.map((node) => node.id));
  for (const edge of edges) {
    const kind = edge.data?.json.type ?? 'defaultEdge';
    if (LAYOUT_IGNORED_EDGES.has(kind) || !ids.has(edge.source) || !ids.has(edge.target)) continue;
    graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    const { width, height } = sizeOf(node);
    if (!placed) return node;
    return { ...node, position: { x: placed.x - width / 2, y: placed.y - height / 2 } };
  });
}

/**
 * Whether a flow as stored cannot be shown as it is: a node without a position, or two nodes whose boxes
 * overlap (Lamatic's AgentKit exports put every node at 0,0).
 */
export function needsLayout(nodes: readonly FlowCanvasNode[], hadPositions: boolean): boolean {
  if (!hadPositions) return true;
  return countOverlaps(nodes) > 0;
}

/** The number of node pairs whose boxes intersect. */
export function countOverlaps(nodes: readonly FlowCanvasNode[]): number {
  let overlaps = 0;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i];
      const b = nodes[j];
      if (a && b && boxesIntersect(a, b)) overlaps++;
    }
  }
  return overlaps;
}

function boxesIntersect(a: FlowCanvasNode, b: FlowCanvasNode): boolean {
  const sizeA = sizeOf(a);
  const sizeB = sizeOf(b);
  return (
    a.position.x < b.position.x + sizeB.width &&
    b.position.x < a.position.x + sizeA.width &&
    a.position.y < b.position.y + sizeB.height &&
    b.position.y < a.position.y + sizeA.height
  );
}

export type FlowDirection = 'LR' | 'TB';

/**
 * Which way a flow reads as placed: top-to-bottom when most execution edges lead downwards (as Lamatic's
 * Studio places nodes, branches spread sideways), left-to-right when most lead rightwards (as the
 * auto-layout places them). Handles follow it.
 */
export function flowDirection(
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
): FlowDirection {
  const positions = new Map(nodes.map((node) => [node.id, node.position]));
  const step = 20;
  let downwards = 0;
  let rightwards = 0;
  for (const edge of edges) {
    if (LAYOUT_IGNORED_EDGES.has(edge.data?.json.type ?? 'defaultEdge')) continue;
    const from = positions.get(edge.source);
    const to = positions.get(edge.target);
    if (!from || !to) continue;
    if (to.y - from.y >= step) downwards++;
    if (to.x - from.x >= step) rightwards++;
  }
  return downwards > rightwards ? 'TB' : 'LR';
}
