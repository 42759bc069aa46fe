import type { z } from 'zod';
import { type FlowProblem, FlowValidationError } from '../errors/flow-validation-error.ts';
import {
  CANVAS_ONLY_KINDS,
  EXECUTION_EDGE_TYPES,
  type FlowDefinition,
  type FlowNode,
  flowDefinitionSchema,
} from '../flow/flow-definition.ts';
import type { NodeCompileContext } from '../nodes/node-kind.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import type { WebhookTarget } from '../nodes/webhook-target.ts';
import type { TemplateReference } from '../templates/template.ts';
import { buildGraph, type ExecutionEdge, type PreparedNode } from './compile-graph.ts';
import type { CompiledFlow, CompiledNode } from './compiled-flow.ts';

const SECRET_ROOTS = new Set(['secrets', 'env']);

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

  const all = [...prepared.values()];
  const triggers = all.filter((entry) => entry.kind.role === 'trigger');
  if (triggers.length === 0)
    problems.push({ message: 'the flow has no trigger node (e.g. an API Request graphqlNode)' });
  if (triggers.length > 1) {
    problems.push({
      message: `the flow has ${triggers.length} triggers (${triggers.map((t) => t.id).join(', ')}); keep one`,
    });
  }
  const responses = all.filter((entry) => entry.kind.role === 'response');
  if (responses.length > 1)
    problems.push({ message: `the flow has ${responses.length} response nodes; keep one` });

  const edges = executionEdges(definition, nodeIds, all, problems);
  const usesSecrets = checkReferences(references, nodeIds, warnings);
  if (problems.length > 0) throw new FlowValidationError(definition.id, problems);

  const graph = buildGraph([...prepared.keys()], edges, prepared, problems);
  if (!graph || problems.length > 0) throw new FlowValidationError(definition.id, problems);
  const trigger = graph.nodes.find((node) => node.id === triggers[0]?.id);
  if (!trigger) {
    throw new FlowValidationError(definition.id, [{ message: 'the trigger cannot sit inside a loop' }]);
  }
  const describe = trigger.kind.describeTrigger;
  if (!describe) {
    throw new FlowValidationError(definition.id, [
      { nodeId: trigger.id, message: `${trigger.kind.kind} cannot start a flow run` },
    ]);
  }
  const responseNode = graph.nodes.find((node) => node.id === responses[0]?.id);
  const webhook = chooseWebhook(trigger, responseNode, warnings);
  return {
    id: definition.id,
    name: definition.name,
    definition,
    graph,
    trigger,
    triggerDescription: describe(trigger.config),
    responseNode,
    ...(webhook ? { webhook } : {}),
    usesSecrets,
    warnings,
  };
}

/** One webhook per flow: the response node's, else the trigger's (both carry `webhookUrl` in exports). */
function chooseWebhook(
  trigger: CompiledNode,
  response: CompiledNode | undefined,
  warnings: string[],
): WebhookTarget | undefined {
  const fromTrigger = trigger.kind.webhookTarget?.(trigger.config);
  const fromResponse = response?.kind.webhookTarget?.(response.config);
  if (fromTrigger && fromResponse && fromTrigger.url !== fromResponse.url) {
    warnings.push(
      `node ${trigger.id}: its webhookUrl is not used; the response node's (${fromResponse.url}) is`,
    );
  }
  return fromResponse ?? fromTrigger;
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
): Map<string, PreparedNode> {
  const prepared = new Map<string, PreparedNode>();
  for (const node of nodes) {
    if (prepared.has(node.id)) {
      collectors.problems.push({ nodeId: node.id, message: 'the node id is used twice' });
      continue;
    }
    const kind = registry.get(node.data.nodeId);
    if (!kind) {
      collectors.problems.push({
        nodeId: node.id,
        message: `unknown node kind "${node.data.nodeId}"; this server runs: ${registry.names().join(', ')}`,
      });
      continue;
    }
    const config = kind.compile(compileContext(flowId, node, collectors));
    prepared.set(node.id, { id: node.id, kind, config, name: nodeName(node), values: node.data.values });
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
    prepared.filter((entry) => entry.kind.role === 'response').map((entry) => entry.id),
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
