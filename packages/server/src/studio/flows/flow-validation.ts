import {
  CANVAS_ONLY_KINDS,
  type CompiledFlow,
  compileFlow,
  FlowValidationError,
  isJsonObject,
  type ModelConfig,
  type NodeRegistry,
  parseJsonSafely,
  Template,
} from '@flowgate/engine';
import type { UsableCredential } from '../../credentials/credential-service.ts';
import { resolveModelTarget } from '../../models/credential-resolver.ts';
import type { FlowProblem } from '../contract.ts';
import { NODE_KIND_CATALOGUE } from './node-kind-catalogue.ts';

const LLM_KINDS = new Set(['LLMNode', 'InstructorLLMNode']);
const SCOPE_ROOTS = new Set(['secrets', 'env']);

export interface FlowCheck {
  problems: FlowProblem[];
  /** Set when the flow compiles (it may still have warnings and checks of its own). */
  compiled: CompiledFlow | undefined;
}

/**
 * Every problem of a draft, for the editor: the engine compiler's (it lists all of them), plus
 * templates naming nodes that do not exist, LLM nodes no project credential can serve, and an API
 * flow without a response node. Only `error`s block a deploy.
 */
export function checkFlow(
  definition: unknown,
  registry: NodeRegistry,
  context: { projectId: string; credentials: readonly UsableCredential[] },
): FlowCheck {
  const problems: FlowProblem[] = [];
  let compiled: CompiledFlow | undefined;
  try {
    compiled = compileFlow(definition, registry);
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    for (const problem of error.problems) problems.push(compilerProblem(definition, problem));
  }
  if (compiled) problems.push(...compiled.warnings.flatMap(warningProblem));
  const nodes = nodesOf(definition);
  problems.push(...templateProblems(nodes));
  problems.push(...credentialProblems(nodes, context));
  if (compiled) problems.push(...responseProblems(compiled));
  return { problems, compiled };
}

export function hasErrors(problems: readonly FlowProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

interface NodeLike {
  id: string;
  kind: string;
  values: Record<string, unknown>;
}

function nodesOf(definition: unknown): NodeLike[] {
  if (!isJsonObject(definition) || !Array.isArray(definition.nodes)) return [];
  const nodes: NodeLike[] = [];
  for (const node of definition.nodes) {
    if (!isJsonObject(node) || typeof node.id !== 'string' || !isJsonObject(node.data)) continue;
    const kind = typeof node.data.nodeId === 'string' ? node.data.nodeId : '';
    if (CANVAS_ONLY_KINDS.has(kind)) continue;
    nodes.push({ id: node.id, kind, values: isJsonObject(node.data.values) ? node.data.values : {} });
  }
  return nodes;
}

function compilerProblem(definition: unknown, problem: { nodeId?: string; message: string }): FlowProblem {
  const node = problem.nodeId ? nodesOf(definition).find((entry) => entry.id === problem.nodeId) : undefined;
  const code = problem.message.startsWith('unknown node kind') ? 'UNKNOWN_NODE_KIND' : 'INVALID_FLOW';
  const field = node ? fieldOf(node, problem.message) : undefined;
  return {
    code,
    message: problem.message,
    ...(problem.nodeId ? { nodeId: problem.nodeId } : {}),
    ...(field ? { field } : {}),
    severity: 'error',
  };
}

/** The config field a compiler message starts with ("responeType must be…"), when it is one of the node's. */
function fieldOf(node: NodeLike, message: string): string | undefined {
  const first = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(message)?.[1];
  if (!first) return undefined;
  const known = NODE_KIND_CATALOGUE[node.kind]?.fields.some((field) => field.name === first);
  return known || first in node.values ? first : undefined;
}

/** Compiler warnings `node X: …`, except unknown references (templateProblems reports them with their field). */
function warningProblem(warning: string): FlowProblem[] {
  if (/names node .*, which is not in the flow/.test(warning)) return [];
  const match = /^node ([^:]+): (.*)$/s.exec(warning);
  return [
    {
      code: 'WARNING',
      message: match?.[2] ?? warning,
      ...(match?.[1] ? { nodeId: match[1] } : {}),
      severity: 'warning',
    },
  ];
}

function templateProblems(nodes: readonly NodeLike[]): FlowProblem[] {
  const ids = new Set(nodes.map((node) => node.id));
  const problems: FlowProblem[] = [];
  for (const node of nodes) {
    for (const [field, value] of Object.entries(node.values)) {
      const reported = new Set<string>();
      for (const text of stringsIn(value)) {
        if (!text.includes('{{')) continue;
        for (const reference of new Template(text).references) {
          if (ids.has(reference.root) || SCOPE_ROOTS.has(reference.root) || reported.has(reference.root))
            continue;
          reported.add(reference.root);
          problems.push({
            code: 'UNKNOWN_TEMPLATE_REFERENCE',
            message: `{{${reference.source}}} names node ${reference.root}, which is not in this flow: it would be empty. Pick one of: ${[...ids].join(', ')}.`,
            nodeId: node.id,
            field,
            severity: 'warning',
          });
        }
      }
    }
  }
  return problems;
}

function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (isJsonObject(value)) for (const item of Object.values(value)) yield* stringsIn(item);
}

function credentialProblems(
  nodes: readonly NodeLike[],
  context: { projectId: string; credentials: readonly UsableCredential[] },
): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of nodes) {
    if (!LLM_KINDS.has(node.kind)) continue;
    const model = modelConfigOf(node.values.generativeModelName);
    try {
      resolveModelTarget(
        {
          projectId: context.projectId,
          nodeId: node.id,
          model,
          messages: [],
          params: {},
          signal: AbortSignal.timeout(1),
        },
        context.credentials,
      );
    } catch (error) {
      const named = model?.credential_name ? ` credential "${model.credential_name}"` : ' a credential';
      problems.push({
        code: 'MISSING_CREDENTIAL',
        message:
          `This model node needs${named} the project does not have: add one under Model credentials (or set a default model). ${error instanceof Error ? error.message : ''}`.trim(),
        nodeId: node.id,
        field: 'generativeModelName',
        severity: 'warning',
      });
    }
  }
  return problems;
}

/** `generativeModelName` as exports write it: a config, a list (the first counts), a module, or its JSON. */
function modelConfigOf(raw: unknown): ModelConfig | undefined {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
    try {
      return modelConfigOf(parseJsonSafely(text));
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(raw)) return modelConfigOf(raw[0]);
  if (!isJsonObject(raw)) return undefined;
  if ('generativeModelName' in raw) return modelConfigOf(raw.generativeModelName);
  const config: ModelConfig = {};
  for (const key of ['provider_name', 'model_name', 'credential_name'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') config[key] = value.trim();
  }
  return config;
}

function responseProblems(compiled: CompiledFlow): FlowProblem[] {
  const description = compiled.triggerDescription;
  if (description.invocation !== 'api' || compiled.responseNode) return [];
  const realtime = description.responseMode === 'realtime';
  return [
    {
      code: 'NO_RESPONSE_NODE',
      message: realtime
        ? 'This flow is started through the API and waits for its result, but has no API Response node: add one (graphqlResponseNode) and map the output fields.'
        : 'This flow is started through the API but has no API Response node: add one if callers should get a result.',
      nodeId: compiled.trigger.id,
      severity: realtime ? 'error' : 'warning',
    },
  ];
}
