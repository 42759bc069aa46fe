import type { FlowProblem } from '../errors/flow-validation-error.ts';
import type { FlowEdge } from '../flow/flow-definition.ts';
import type { NodeKind } from '../nodes/node-kind.ts';
import type { CompiledEdge, CompiledGraph, CompiledNode } from './compiled-flow.ts';
import { orderTopologically } from './topological-order.ts';

export interface PreparedNode {
  id: string;
  kind: NodeKind<unknown>;
  config: unknown;
  name: string;
  values: Readonly<Record<string, unknown>>;
}

export interface ExecutionEdge {
  source: string;
  target: string;
  edge: FlowEdge;
}

const LOOP_EDGE = 'loopEdge';

/**
 * Builds the graph of `ids`: a topological plan in which each loop (a loop-start node, its body and
 * its end node) is folded into the start node → end node step, the body becoming a graph of its own
 * that the executor runs once per item. Loop edges (end → start, start → end) carry no control.
 */
export function buildGraph(
  ids: readonly string[],
  edges: readonly ExecutionEdge[],
  prepared: ReadonlyMap<string, PreparedNode>,
  problems: FlowProblem[],
  entryEdges: readonly ExecutionEdge[] = [],
): CompiledGraph | undefined {
  const inScope = new Set(ids);
  const flowing = edges.filter((edge) => edge.edge.type !== LOOP_EDGE);
  const loops = findLoops(ids, flowing, prepared, problems);
  const carved = new Set(loops.flatMap((loop) => [...loop.body]));
  const outerIds = ids.filter((id) => !carved.has(id));
  const outer = new Set(outerIds);
  const outerEdges: ExecutionEdge[] = [];
  for (const edge of flowing) {
    if (!inScope.has(edge.source) || !inScope.has(edge.target)) continue;
    if (outer.has(edge.source) && outer.has(edge.target)) outerEdges.push(edge);
    else if (!loops.some((loop) => loopOwns(loop, edge))) {
      problems.push({
        nodeId: edge.source,
        message: `the edge to ${edge.target} crosses the boundary of a loop; connect loop bodies only through their loop start and loop end`,
      });
    }
  }
  for (const loop of loops) {
    outerEdges.push({ source: loop.start, target: loop.end, edge: { source: loop.start, target: loop.end } });
  }
  const order = orderTopologically(
    outerIds,
    outerEdges.map((edge) => [edge.source, edge.target] as const),
  );
  if (!order.ok) {
    problems.push({
      message: `the flow has a cycle through ${order.cycle.join(' → ')}; use a loop node to repeat work`,
    });
    return undefined;
  }
  const index = new Map(order.order.map((id, position) => [id, position]));
  const nodes = order.order.map((id, position): CompiledNode => {
    const entry = prepared.get(id) as PreparedNode;
    const labels = entry.kind.branchLabels?.(entry.config);
    const loop = loops.find((candidate) => candidate.start === id);
    const body = loop ? buildLoopBody(loop, flowing, prepared, problems) : undefined;
    return {
      index: position,
      id,
      name: entry.name,
      kind: entry.kind,
      config: entry.config,
      incoming: [...outerEdges, ...entryEdges].filter((edge) => edge.target === id).length,
      outgoing: labelEdges(
        id,
        outerEdges.filter((edge) => edge.source === id),
        labels,
        index,
        problems,
      ),
      branching: labels !== undefined,
      loop: loop && body ? { end: index.get(loop.end) as number, body } : undefined,
    };
  });
  return { nodes, entryEdges: labelEdges('', entryEdges, undefined, index, problems) };
}

interface Loop {
  start: string;
  end: string;
  body: ReadonlySet<string>;
}

function loopOwns(loop: Loop, edge: ExecutionEdge): boolean {
  const fromInside = loop.body.has(edge.source) || edge.source === loop.start;
  const toInside = loop.body.has(edge.target) || edge.target === loop.end;
  return fromInside && toInside;
}

function buildLoopBody(
  loop: Loop,
  edges: readonly ExecutionEdge[],
  prepared: ReadonlyMap<string, PreparedNode>,
  problems: FlowProblem[],
): CompiledGraph | undefined {
  const ids = [...loop.body];
  const inner = edges.filter((edge) => loop.body.has(edge.source) && loop.body.has(edge.target));
  const entries = edges.filter((edge) => edge.source === loop.start && loop.body.has(edge.target));
  return buildGraph(ids, inner, prepared, problems, entries);
}

/** Pairs each loop start with its end (`connectedTo`, either way) and collects the body between them. */
function findLoops(
  ids: readonly string[],
  edges: readonly ExecutionEdge[],
  prepared: ReadonlyMap<string, PreparedNode>,
  problems: FlowProblem[],
): Loop[] {
  const starts = ids.filter((id) => prepared.get(id)?.kind.loop !== undefined);
  const loops = starts.flatMap((start): Loop[] => {
    const end = findEnd(start, ids, prepared);
    if (!end) {
      const endKind = prepared.get(start)?.kind.loop?.endKind;
      problems.push({
        nodeId: start,
        message: `the loop has no ${endKind} closing it (set connectedTo on both nodes)`,
      });
      return [];
    }
    return [{ start, end, body: collectBody(start, end, edges) }];
  });
  // Only outermost loops are folded here; nested ones are folded when their enclosing body is built.
  return loops.filter((loop) => !loops.some((other) => other !== loop && other.body.has(loop.start)));
}

function findEnd(
  start: string,
  ids: readonly string[],
  prepared: ReadonlyMap<string, PreparedNode>,
): string | undefined {
  const startNode = prepared.get(start) as PreparedNode;
  const endKind = startNode.kind.loop?.endKind;
  const isEnd = (id: string) => prepared.get(id)?.kind.kind === endKind;
  const named = startNode.values.connectedTo;
  if (typeof named === 'string' && ids.includes(named) && isEnd(named)) return named;
  return ids.find((id) => isEnd(id) && prepared.get(id)?.values.connectedTo === start);
}

function collectBody(start: string, end: string, edges: readonly ExecutionEdge[]): Set<string> {
  const body = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const edge of edges) {
      if (edge.source !== current || edge.target === end || edge.target === start || body.has(edge.target))
        continue;
      body.add(edge.target);
      queue.push(edge.target);
    }
  }
  return body;
}

/**
 * Edges out of a branching node carry a label: `data.condition` (or `data.branchName`) when the
 * export has one, else the node's branches in order (Lamatic's hand-written kits omit it).
 */
function labelEdges(
  nodeId: string,
  outgoing: readonly ExecutionEdge[],
  labels: readonly string[] | undefined,
  index: ReadonlyMap<string, number>,
  problems: FlowProblem[],
): CompiledEdge[] {
  let unlabelled = 0;
  return outgoing.map((edge) => {
    const target = index.get(edge.target) as number;
    if (!labels) return { target, label: undefined };
    const data = edge.edge.data ?? {};
    const declared = typeof data.condition === 'string' ? data.condition : data.branchName;
    let label = typeof declared === 'string' && declared !== '' ? declared : undefined;
    if (label === undefined) label = labels[unlabelled++];
    if (label === undefined || !labels.includes(label)) {
      problems.push({
        nodeId,
        message: `edge to ${edge.target} follows branch "${label ?? '(none)'}", which is not one of ${labels.map((l) => `"${l}"`).join(', ')}`,
      });
    }
    return { target, label };
  });
}
