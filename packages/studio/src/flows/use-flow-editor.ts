import type {
  FlowDefinitionJson,
  FlowEdgeJson,
  FlowNodeJson,
  FlowProblem,
  NodeKindView,
  NodeTraceView,
} from '@flowgate/server/studio-contract';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { layoutLeftToRight, needsLayout } from './auto-layout.ts';
import {
  type FlowCanvasEdge,
  type FlowCanvasNode,
  fromCanvas,
  NODE_SIZE,
  newEdgeJson,
  newNodeJson,
  toCanvas,
  toCanvasEdge,
  toCanvasNode,
} from './flow-graph.ts';

/** Changes that only reflect what the browser measured or selected: they do not make the draft dirty. */
const PASSIVE_CHANGES = new Set(['select', 'dimensions']);

export interface FlowEditorState {
  base: FlowDefinitionJson;
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
  dirty: boolean;
  selectedNode: FlowCanvasNode | undefined;
  selectedEdge: FlowCanvasEdge | undefined;
  definition: FlowDefinitionJson;
  onNodesChange(changes: NodeChange<FlowCanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowCanvasEdge>[]): void;
  onConnect(connection: Connection): void;
  addNode(kind: NodeKindView): FlowNodeJson;
  deleteSelected(): void;
  updateValues(nodeId: string, values: Record<string, unknown>): void;
  updateEdgeJson(edgeId: string, json: FlowEdgeJson): void;
  tidyUp(): void;
  select(nodeId: string): void;
  setProblems(problems: readonly FlowProblem[]): void;
  setTraces(traces: readonly NodeTraceView[]): void;
  markSaved(definition: FlowDefinitionJson): void;
}

/** Loads a draft onto the canvas, laid out left to right when its positions are missing or overlap. */
export function initialCanvas(definition: FlowDefinitionJson) {
  const canvas = toCanvas(definition);
  const hadPositions = definition.nodes.every((node) => node.position !== undefined);
  const nodes = needsLayout(canvas.nodes, hadPositions)
    ? layoutLeftToRight(canvas.nodes, canvas.edges)
    : canvas.nodes;
  return { nodes, edges: canvas.edges };
}

export function useFlowEditor(loaded: FlowDefinitionJson): FlowEditorState {
  const [base, setBase] = useState(loaded);
  const [canvas, setCanvas] = useState(() => initialCanvas(loaded));
  const [dirty, setDirty] = useState(false);
  const { nodes, edges } = canvas;

  const onNodesChange = useCallback((changes: NodeChange<FlowCanvasNode>[]) => {
    setCanvas((current) => ({ ...current, nodes: applyNodeChanges(changes, current.nodes) }));
    if (changes.some((change) => !PASSIVE_CHANGES.has(change.type))) setDirty(true);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowCanvasEdge>[]) => {
    setCanvas((current) => ({ ...current, edges: applyEdgeChanges(changes, current.edges) }));
    if (changes.some((change) => !PASSIVE_CHANGES.has(change.type))) setDirty(true);
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    setCanvas((current) => {
      const source = current.nodes.find((node) => node.id === connection.source);
      if (!source || connection.source === connection.target) return current;
      const duplicate = current.edges.some(
        (edge) => edge.source === connection.source && edge.target === connection.target,
      );
      if (duplicate) return current;
      const json = newEdgeJson(source.data.json, connection.target, current.edges);
      return { ...current, edges: [...current.edges, toCanvasEdge(json, current.edges.length)] };
    });
    setDirty(true);
  }, []);

  const addNode = useCallback(
    (kind: NodeKindView) => {
      const anchor = nodes.find((node) => node.selected) ?? nodes.at(-1);
      const position = anchor
        ? { x: anchor.position.x + NODE_SIZE.width + 60, y: anchor.position.y + 24 }
        : { x: 0, y: 0 };
      const json = newNodeJson(kind, new Set(nodes.map((node) => node.id)), position);
      const node = { ...toCanvasNode(json), selected: true };
      setCanvas((current) => ({
        ...current,
        nodes: [...current.nodes.map((other) => ({ ...other, selected: false })), node],
      }));
      setDirty(true);
      return json;
    },
    [nodes],
  );

  const deleteSelected = useCallback(() => {
    setCanvas((current) => {
      const removed = new Set(current.nodes.filter((node) => node.selected).map((node) => node.id));
      return {
        nodes: current.nodes.filter((node) => !removed.has(node.id)),
        edges: current.edges.filter(
          (edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target),
        ),
      };
    });
    setDirty(true);
  }, []);

  const updateValues = useCallback((nodeId: string, values: Record<string, unknown>) => {
    setCanvas((current) => ({
      ...current,
      nodes: current.nodes.map((node) => {
        if (node.id !== nodeId) return node;
        const json = { ...node.data.json, data: { ...node.data.json.data, values } };
        return { ...node, ariaLabel: toCanvasNode(json).ariaLabel, data: { ...node.data, json } };
      }),
    }));
    setDirty(true);
  }, []);

  const updateEdgeJson = useCallback((edgeId: string, json: FlowEdgeJson) => {
    setCanvas((current) => ({
      ...current,
      edges: current.edges.map((edge, index) =>
        edge.id === edgeId ? { ...toCanvasEdge(json, index), id: edge.id, selected: edge.selected } : edge,
      ),
    }));
    setDirty(true);
  }, []);

  const tidyUp = useCallback(() => {
    setCanvas((current) => ({ ...current, nodes: layoutLeftToRight(current.nodes, current.edges) }));
    setDirty(true);
  }, []);

  const select = useCallback((nodeId: string) => {
    setCanvas((current) => ({
      nodes: current.nodes.map((node) => ({ ...node, selected: node.id === nodeId })),
      edges: current.edges.map((edge) => ({ ...edge, selected: false })),
    }));
  }, []);

  const setProblems = useCallback((problems: readonly FlowProblem[]) => {
    setCanvas((current) => ({
      ...current,
      nodes: current.nodes.map((node) => {
        const own = problems.filter((problem) => problem.nodeId === node.id);
        if (own.length === 0 && node.data.problems.length === 0) return node;
        return { ...node, data: { ...node.data, problems: own } };
      }),
    }));
  }, []);

  const setTraces = useCallback((traces: readonly NodeTraceView[]) => {
    setCanvas((current) => ({
      ...current,
      nodes: current.nodes.map((node) => ({
        ...node,
        data: { ...node.data, trace: traces.find((trace) => trace.nodeId === node.id) ?? null },
      })),
    }));
  }, []);

  const markSaved = useCallback((definition: FlowDefinitionJson) => {
    setBase(definition);
    setDirty(false);
  }, []);

  const definition = useMemo(() => fromCanvas(base, nodes, edges), [base, nodes, edges]);

  return {
    base,
    nodes,
    edges,
    dirty,
    selectedNode: nodes.find((node) => node.selected),
    selectedEdge: edges.find((edge) => edge.selected),
    definition,
    onNodesChange,
    onEdgesChange,
    onConnect,
    addNode,
    deleteSelected,
    updateValues,
    updateEdgeJson,
    tidyUp,
    select,
    setProblems,
    setTraces,
    markSaved,
  };
}
