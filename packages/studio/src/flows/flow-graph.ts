import type {
  FlowDefinitionJson,
  FlowEdgeJson,
  FlowNodeJson,
  FlowProblem,
  NodeKindView,
  NodeTraceView,
} from '@flowgate/server/studio-contract';
import type { Edge, Node } from '@xyflow/react';

/**
 * The canvas keeps each node's and edge's Lamatic JSON untouched in `data.json`, so keys the editor does not
 * know round-trip on save; only position, values and connections are edited.
 */
export interface FlowNodeData extends Record<string, unknown> {
  json: FlowNodeJson;
  problems: FlowProblem[];
  trace: NodeTraceView | null;
}

export interface FlowEdgeData extends Record<string, unknown> {
  json: FlowEdgeJson;
}

export type FlowCanvasNode = Node<FlowNodeData, 'flowgate'>;
export type FlowCanvasEdge = Edge<FlowEdgeData>;

/** The size the layout and overlap check assume for a node before the browser has measured it. */
export const NODE_SIZE = { width: 230, height: 84 } as const;

export function toCanvasNode(json: FlowNodeJson): FlowCanvasNode {
  return {
    id: json.id,
    type: 'flowgate',
    position: json.position ?? { x: 0, y: 0 },
    deletable: true,
    ariaLabel: `${nodeName(json)} (${json.data.nodeId}), node ${json.id}`,
    data: { json, problems: [], trace: null },
  };
}

export function toCanvasEdge(json: FlowEdgeJson, index: number): FlowCanvasEdge {
  const kind = json.type ?? 'defaultEdge';
  const label = edgeLabel(json);
  const isResponse = kind === 'responseEdge';
  return {
    id: json.id ?? `${json.source}->${json.target}#${index}`,
    source: json.source,
    target: json.target,
    hidden: json.invisible === true,
    ...(label ? { label } : {}),
    ...(isResponse ? { style: { strokeDasharray: '4 4', opacity: 0.45 } } : {}),
    className: `edge-${kind}`,
    ariaLabel: `${kind} from ${json.source} to ${json.target}${label ? ` (${label})` : ''}`,
    data: { json },
  };
}

export function toCanvas(definition: FlowDefinitionJson): {
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
} {
  return {
    nodes: definition.nodes.map(toCanvasNode),
    edges: definition.edges.map(toCanvasEdge),
  };
}

/** Back to Lamatic JSON: every unknown key of the original is kept; positions come from the canvas. */
export function fromCanvas(
  base: FlowDefinitionJson,
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
): FlowDefinitionJson {
  return {
    ...base,
    nodes: nodes.map((node) => ({
      ...node.data.json,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    })),
    edges: edges.map((edge) => edge.data?.json ?? { id: edge.id, source: edge.source, target: edge.target }),
  };
}

export function nodeName(json: FlowNodeJson): string {
  const name = json.data.values.nodeName;
  return typeof name === 'string' && name.trim() !== '' ? name : json.id;
}

function edgeLabel(json: FlowEdgeJson): string | undefined {
  const data = json.data ?? {};
  const label = data.condition ?? data.branchName ?? data.label;
  return typeof label === 'string' && label !== '' ? label : undefined;
}

/** Lamatic's canvas type for a node kind (triggerNode, responseNode, conditionNode…, else dynamicNode). */
export function canvasTypeOf(kind: NodeKindView): string {
  if (kind.category === 'trigger') return 'triggerNode';
  if (kind.category === 'response') return 'responseNode';
  const ownCanvasType = [
    'conditionNode',
    'branchNode',
    'forLoopNode',
    'forLoopEndNode',
    'batchNode',
    'batchEndNode',
  ];
  return ownCanvasType.includes(kind.kind) ? kind.kind : 'dynamicNode';
}

/** A fresh node of the kind with a Lamatic-style id (`LLMNode_482`) not used in the flow yet. */
export function newNodeJson(
  kind: NodeKindView,
  takenIds: ReadonlySet<string>,
  position: { x: number; y: number },
): FlowNodeJson {
  let id = '';
  for (let attempt = 0; id === '' || takenIds.has(id); attempt++) {
    id = `${kind.kind}_${100 + Math.floor(Math.random() * (900 + attempt * 1000))}`;
  }
  return {
    id,
    type: canvasTypeOf(kind),
    position,
    data: {
      nodeId: kind.kind,
      ...(kind.category === 'trigger' ? { trigger: true } : {}),
      values: { nodeName: kind.label },
    },
  };
}

/**
 * The Lamatic edge for a new connection: from a condition node it is a `conditionEdge` carrying the first
 * branch label not used yet (the last branch is Else); otherwise a `defaultEdge`.
 */
export function newEdgeJson(
  source: FlowNodeJson,
  targetId: string,
  existing: readonly FlowCanvasEdge[],
): FlowEdgeJson {
  const base = {
    id: `${source.id}-${targetId}`,
    source: source.id,
    target: targetId,
    sourceHandle: 'bottom',
    targetHandle: 'top',
  };
  if (source.data.nodeId !== 'conditionNode') return { ...base, type: 'defaultEdge' };
  const used = new Set(
    existing.filter((edge) => edge.source === source.id).map((edge) => edge.data?.json.data?.condition),
  );
  const labels = conditionLabels(source);
  const condition = labels.find((label) => !used.has(label)) ?? labels.at(-1) ?? 'Else';
  return { ...base, type: 'conditionEdge', data: { condition, branchName: condition } };
}

/** The branch labels of a condition node, in order: "Condition 1", …, "Else". */
export function conditionLabels(node: FlowNodeJson): string[] {
  const conditions = node.data.values.conditions;
  if (!Array.isArray(conditions) || conditions.length === 0) return ['Condition 1', 'Else'];
  return conditions.map((condition: unknown, index) => {
    const label =
      typeof condition === 'object' && condition !== null
        ? (condition as { label?: unknown }).label
        : undefined;
    if (typeof label === 'string' && label !== '') return label;
    return index === conditions.length - 1 ? 'Else' : `Condition ${index + 1}`;
  });
}
