import type { z } from 'zod';
import { type FlowProblem, FlowValidationError } from '../errors/flow-validation-error.ts';
import {
  CANVAS_ONLY_KINDS,
  EXECUTION_EDGE_TYPES,
  type FlowDefinition,
  type FlowEdge,
  type FlowNode,
  flowDefinitionSchema,
} from '../flow/flow-definition.ts';
import type { NodeCompileContext, NodeKind } from '../nodes/node-kind.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import type { TemplateReference } from '../templates/template.ts';
import type { CompiledEdge, CompiledFlow, CompiledNode } from './compiled-flow.ts';
import { orderTopologically } from './topological-order.ts';

const SECRET_ROOTS = new Set(['secrets', 'env']);

interface PreparedNode {
  node: FlowNode;
  kind: NodeKind<unknown>;
  config: unknown;
  name: string;
}

/**
 * Checks a flow and compiles it for execution: every node's values, templates, schemas and the
 * graph's plan. Throws FlowValidationError listing every problem (an unknown kind names the node and
 * the kinds that exist). Warnings (a template naming a node that is not in the flow) do not block.
 */
export function compileFlow(input: unknown, registry: NodeRegistry): CompiledFlow {
  const definition = parseDefinition(input);
  const problems: FlowProblem[] = [];
  const warnings: string[] = [];
  const executable = definition.nodes.filter((node) => !CANVAS_ONLY_KINDS.has(node.data.nodeId));
  const nodeIds = new Set(executable.map((node) => node.id));
  const references: TemplateReference[] = [];
  const prepared = prepareNodes(definition.id, executable, registry, { problems, warnings, references });

  const triggers = prepared.filter(
    (entry) => entry.kind.role === 'trigger' || entry.node.data.trigger === true,
  );
  if (triggers.length === 0)
    problems.push({ message: 'the flow has no trigger node (e.g. an API Request graphqlNode)' });
  if (triggers.length > 1) {
    problems.push({
      message: `the flow has ${triggers.length} triggers (${triggers.map((t) => t.node.id).join(', ')}); keep one`,
    });
  }
  const responses = prepared.filter((entry) => entry.kind.role === 'response');
  if (responses.length > 1) {
    problems.push({ message: `the flow has ${responses.length} response nodes; keep one` });
  }

  const edges = executionEdges(definition, nodeIds, prepared, problems);
  const usesSecrets = checkReferences(references, nodeIds, warnings);
  if (problems.length > 0) throw new FlowValidationError(definition.id, problems);

  const order = orderTopologically(
    prepared.map((entry) => entry.node.id),
    edges.map((edge) => [edge.source, edge.target] as const),
  );
  if (!order.ok) {
    throw new FlowValidationError(definition.id, [
      { message: `the flow has a cycle through ${order.cycle.join(' → ')}; use a loop node to repeat work` },
    ]);
  }
  const nodes = buildPlan(order.order, prepared, edges, problems);
  if (problems.length > 0) throw new FlowValidationError(definition.id, problems);

  const byId = new Map(nodes.map((node) => [node.id, node]));
  const trigger = byId.get((triggers[0] as PreparedNode).node.id) as CompiledNode;
  const describe = trigger.kind.describeTrigger;
  if (!describe) {
    throw new FlowValidationError(definition.id, [
      { nodeId: trigger.id, message: `${trigger.kind.kind} cannot start a flow run` },
    ]);
  }
  const responseNode = responses[0] ? byId.get(responses[0].node.id) : undefined;
  return {
    id: definition.id,
    name: definition.name,
    definition,
    nodes,
    trigger,
    triggerDescription: describe(trigger.config),
    responseNode,
    usesSecrets,
    warnings,
  };
}

function parseDefinition(input: unknown): FlowDefinition {
  const parsed = flowDefinitionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const id = typeof (input as { id?: unknown })?.id === 'string' ? (input as { id: string }).id : '(no id)';
  throw new FlowValidationError(id, parsed.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): FlowProblem {
  const path = issue.path.map(String).join('.');
  return { message: path ? `${path}: ${issue.message}` : issue.message };
}

interface Collectors {
  problems: FlowProblem[];
  warnings: string[];
  references: TemplateReference[];
}

function prepareNodes(
  flowId: string,
  nodes: readonly FlowNode[],
  registry: NodeRegistry,
  collectors: Collectors,
): PreparedNode[] {
  const seen = new Set<string>();
  const prepared: PreparedNode[] = [];
  for (const node of nodes) {
    if (seen.has(node.id)) {
      collectors.problems.push({ nodeId: node.id, message: 'the node id is used twice' });
      continue;
    }
    seen.add(node.id);
    const kind = registry.get(node.data.nodeId);
    if (!kind) {
      collectors.problems.push({
        nodeId: node.id,
        message: `unknown node kind "${node.data.nodeId}"; this server runs: ${registry.names().join(', ')}`,
      });
      continue;
    }
    const config = kind.compile(compileContext(flowId, node, collectors));
    prepared.push({ node, kind, config, name: nodeName(node) });
  }
  return prepared;
}

function compileContext(flowId: string, node: FlowNode, collectors: Collectors): NodeCompileContext {
  return {
    flowId,
    node,
    values: node.data.values,
    problem: (message) => collectors.problems.push({ nodeId: node.id, message }),
    warn: (message) => collectors.warnings.push(`node ${node.id}: ${message}`),
    reads: (references) => collectors.references.push(...references),
  };
}

function nodeName(node: FlowNode): string {
  const name = node.data.values.nodeName ?? node.data.label;
  return typeof name === 'string' && name.trim() !== '' ? name : node.id;
}

interface ExecutionEdge {
  source: string;
  target: string;
  edge: FlowEdge;
}

/**
 * The edges that carry control. A `responseEdge` (trigger → response) is drawn by the Studio for
 * every flow and does not run anything, unless it is the response node's only way in.
 */
function executionEdges(
  definition: FlowDefinition,
  nodeIds: ReadonlySet<string>,
  prepared: readonly PreparedNode[],
  problems: FlowProblem[],
): ExecutionEdge[] {
  const allIds = new Set(definition.nodes.map((node) => node.id));
  const edges: ExecutionEdge[] = [];
  const responseEdges: ExecutionEdge[] = [];
  for (const edge of definition.edges) {
    for (const end of [edge.source, edge.target]) {
      if (!allIds.has(end))
        problems.push({
          message: `edge ${edge.id ?? `${edge.source}→${edge.target}`} names unknown node ${end}`,
        });
    }
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) continue;
    const type = edge.type ?? 'defaultEdge';
    if (type === 'responseEdge') responseEdges.push({ source: edge.source, target: edge.target, edge });
    else if (EXECUTION_EDGE_TYPES.has(type)) edges.push({ source: edge.source, target: edge.target, edge });
    else
      problems.push({
        message: `edge ${edge.id ?? `${edge.source}→${edge.target}`} has unsupported type "${type}"`,
      });
  }
  const responseIds = new Set(
    prepared.filter((entry) => entry.kind.role === 'response').map((entry) => entry.node.id),
  );
  for (const responseEdge of responseEdges) {
    const hasWayIn = edges.some((edge) => edge.target === responseEdge.target);
    if (!hasWayIn && responseIds.has(responseEdge.target)) edges.push(responseEdge);
  }
  return edges;
}

function checkReferences(
  references: readonly TemplateReference[],
  nodeIds: ReadonlySet<string>,
  warnings: string[],
): boolean {
  let usesSecrets = false;
  const reported = new Set<string>();
  for (const reference of references) {
    if (SECRET_ROOTS.has(reference.root)) usesSecrets = true;
    else if (!nodeIds.has(reference.root) && !reported.has(reference.root)) {
      reported.add(reference.root);
      warnings.push(
        `{{${reference.source}}} names node ${reference.root}, which is not in the flow: it will be empty`,
      );
    }
  }
  return usesSecrets;
}

function buildPlan(
  order: readonly string[],
  prepared: readonly PreparedNode[],
  edges: readonly ExecutionEdge[],
  problems: FlowProblem[],
): CompiledNode[] {
  const index = new Map(order.map((id, position) => [id, position]));
  const byId = new Map(prepared.map((entry) => [entry.node.id, entry]));
  return order.map((id, position) => {
    const entry = byId.get(id) as PreparedNode;
    const labels = entry.kind.branchLabels?.(entry.config);
    const outgoing = edges.filter((edge) => edge.source === id);
    return {
      index: position,
      id,
      name: entry.name,
      kind: entry.kind,
      config: entry.config,
      incoming: edges.filter((edge) => edge.target === id).length,
      outgoing: labelEdges(id, outgoing, labels, index, problems),
      branching: labels !== undefined,
    };
  });
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
