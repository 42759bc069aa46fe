import { parseDocument } from 'yaml';
import { isJsonObject, type JsonObject, type JsonValue, parseJsonSafely } from '../json.ts';
import { ImportError } from './import-error.ts';
import type { ImportResult } from './import-result.ts';
import { isKitReference } from './kit-references.ts';

/** A node of the Config YAML: `{nodeId, nodeType, nodeName, values, needs, condition|branches, …}`. */
interface ConfigNode {
  id: string;
  kind: string;
  role: 'trigger' | 'step' | 'response';
  values: JsonObject;
  needs: string[];
  /** The node's outgoing branches by child id: `condition:`/`branches:` `[{label, value: childId}]`. */
  branchTargets: Map<string, string>;
  /** Other keys of the node (`modes`, `schema`, `allConfigs`), kept in the flow node's `data`. */
  extra: JsonObject;
}

interface ConfigEdge {
  source: string;
  target: string;
  type: string;
  label: string | undefined;
}

const WIRING_KEYS = new Set(['nodeId', 'nodeType', 'nodeName', 'values', 'needs', 'condition', 'branches']);
const PLACEHOLDER_KIND = 'addNode';
const BRANCH_EDGE_TYPES: Readonly<Record<string, string>> = {
  conditionNode: 'conditionEdge',
  branchNode: 'branchEdge',
};
/** Loop ends and the loop starts they go back to: such an edge closes a loop and carries no control. */
const LOOP_BACK: Readonly<Record<string, string>> = {
  forLoopEndNode: 'forLoopNode',
  batchEndNode: 'batchNode',
};

/**
 * Imports Lamatic Studio's "Config" YAML (`triggerNode`, `nodes[]`, `responseNode`; each node lists
 * its parents in `needs`) as one flow with the given id. Edges come from `needs`; an edge out of a
 * condition or branch node takes its label from that node's `condition:`/`branches:` list
 * (`{label, value: <child nodeId>}`), else compileFlow labels it by the order of the conditions.
 * Placeholder `addNode`s are removed and their parents wired to their children.
 *
 * A loop end that `needs` its loop start becomes a `loopEdge` (compileFlow pairs loops by
 * `connectedTo`). Kit references (`@prompts/…`) are left as they are: a lone YAML cannot inline them.
 */
export function importConfigYaml(text: string, id: string): ImportResult {
  const config = parseYaml(text, id);
  const warnings: string[] = [];
  const trigger = readNode(config.triggerNode, 'triggerNode', 'trigger', id);
  const rawNodes = config.nodes ?? [];
  if (!Array.isArray(rawNodes)) throw new ImportError('`nodes` must be a list', { file: id });
  const nodes = [trigger, ...rawNodes.map((node, index) => readNode(node, `nodes[${index}]`, 'step', id))];
  if (config.responseNode !== undefined && config.responseNode !== null) {
    nodes.push(readNode(config.responseNode, 'responseNode', 'response', id));
  }
  const placeholders = new Set(nodes.filter((node) => node.kind === PLACEHOLDER_KIND).map((node) => node.id));
  const kept = nodes.filter((node) => !placeholders.has(node.id));
  for (const node of kept) warnUnresolvedReferences(node, (message) => warnings.push(`${id}: ${message}`));

  const edges = removePlaceholders(edgesFromNeeds(nodes), placeholders).map(toFlowEdge);
  const response = kept.find((node) => node.role === 'response');
  if (response) edges.push(responseEdge(trigger.id, response.id));
  const flow: JsonObject = {
    id,
    name: typeof config.name === 'string' && config.name !== '' ? config.name : id,
    ...(typeof config.description === 'string' ? { description: config.description } : {}),
    nodes: kept.map(toFlowNode),
    edges,
  };
  return { flows: [flow], warnings };
}

function parseYaml(text: string, file: string): JsonObject {
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0] ?? error.message;
    throw new ImportError(`not valid YAML: ${reason}`, {
      file,
      line: error.linePos?.[0].line,
      column: error.linePos?.[0].col,
    });
  }
  // Through JSON: only plain data remains (no Infinity, no `__proto__` keys).
  const value = parseJsonSafely(JSON.stringify(toPlainData(document, file) ?? null));
  if (!isJsonObject(value)) throw new ImportError('the Config must be a mapping with triggerNode', { file });
  if (value.triggerNode === undefined) throw new ImportError('the Config has no triggerNode', { file });
  return value;
}

/** The document's data; an alias bomb (yaml's ReferenceError) is the author's mistake, said as such. */
function toPlainData(document: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ImportError(
      `the YAML expands too far through its aliases (${error.message}); remove the aliases`,
      {
        file,
      },
    );
  }
}

function readNode(
  raw: JsonValue | undefined,
  where: string,
  role: ConfigNode['role'],
  file: string,
): ConfigNode {
  if (!isJsonObject(raw)) throw new ImportError(`${where} must be a mapping`, { file });
  const { nodeId, nodeType, nodeName, values = {}, needs = [] } = raw;
  if (typeof nodeId !== 'string' || nodeId === '') throw new ImportError(`${where} has no nodeId`, { file });
  if (typeof nodeType !== 'string' || nodeType === '') {
    throw new ImportError(`${where} (${nodeId}) has no nodeType`, { file });
  }
  if (!isJsonObject(values))
    throw new ImportError(`${where} (${nodeId}): values must be a mapping`, { file });
  const parents = typeof needs === 'string' ? [needs] : needs;
  if (!Array.isArray(parents) || !parents.every((parent) => typeof parent === 'string')) {
    throw new ImportError(`${where} (${nodeId}): needs must be a list of node ids`, { file });
  }
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (!WIRING_KEYS.has(key)) extra[key] = value;
  return {
    id: nodeId,
    kind: nodeType,
    role,
    values: typeof nodeName === 'string' && values.nodeName === undefined ? { nodeName, ...values } : values,
    needs: parents as string[],
    branchTargets: branchTargets(raw.condition ?? raw.branches),
    extra,
  };
}

function branchTargets(list: JsonValue | undefined): Map<string, string> {
  const targets = new Map<string, string>();
  if (!Array.isArray(list)) return targets;
  for (const entry of list) {
    if (isJsonObject(entry) && typeof entry.label === 'string' && typeof entry.value === 'string') {
      targets.set(entry.value, entry.label);
    }
  }
  return targets;
}

function edgesFromNeeds(nodes: readonly ConfigNode[]): ConfigEdge[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges: ConfigEdge[] = [];
  for (const node of nodes) {
    for (const parentId of node.needs) {
      const parent = byId.get(parentId);
      edges.push({
        source: parentId,
        target: node.id,
        type: edgeType(parent, node),
        label: parent?.branchTargets.get(node.id),
      });
    }
  }
  return edges;
}

function edgeType(parent: ConfigNode | undefined, child: ConfigNode): string {
  if (parent === undefined) return 'defaultEdge';
  if (LOOP_BACK[parent.kind] === child.kind) return 'loopEdge';
  return BRANCH_EDGE_TYPES[parent.kind] ?? 'defaultEdge';
}

/**
 * Studio puts an `addNode` placeholder wherever a branch is still open; the graph runs through it.
 * Each placeholder's parents are wired to its children, keeping the label of the edge into it.
 */
function removePlaceholders(edges: ConfigEdge[], placeholders: ReadonlySet<string>): ConfigEdge[] {
  let current = edges;
  for (const placeholder of placeholders) {
    const incoming = current.filter((edge) => edge.target === placeholder);
    const outgoing = current.filter((edge) => edge.source === placeholder);
    current = current.filter((edge) => edge.source !== placeholder && edge.target !== placeholder);
    for (const into of incoming) {
      for (const out of outgoing) {
        const label = into.label ?? out.label;
        const duplicate = current.some(
          (edge) => edge.source === into.source && edge.target === out.target && edge.label === label,
        );
        if (!duplicate) current.push({ source: into.source, target: out.target, type: into.type, label });
      }
    }
  }
  return current;
}

function toFlowEdge(edge: ConfigEdge): JsonObject {
  return {
    id: `${edge.source}-${edge.target}`,
    source: edge.source,
    target: edge.target,
    sourceHandle: 'bottom',
    targetHandle: 'top',
    type: edge.type,
    ...(edge.label === undefined ? {} : { data: { condition: edge.label, branchName: edge.label } }),
  };
}

/** Studio draws trigger → response on every flow; compileFlow runs it only if nothing else leads there. */
function responseEdge(triggerId: string, responseId: string): JsonObject {
  return {
    id: `response-${responseId}`,
    source: triggerId,
    target: responseId,
    sourceHandle: 'to-response',
    targetHandle: 'from-trigger',
    type: 'responseEdge',
  };
}

function toFlowNode(node: ConfigNode): JsonObject {
  const type =
    node.role === 'trigger' ? 'triggerNode' : node.role === 'response' ? 'responseNode' : 'dynamicNode';
  return {
    id: node.id,
    type,
    data: {
      ...node.extra,
      nodeId: node.kind,
      ...(node.role === 'trigger' ? { trigger: true } : {}),
      values: node.values,
    },
  };
}

function warnUnresolvedReferences(node: ConfigNode, warn: (message: string) => void): void {
  const found = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (typeof value === 'string' && isKitReference(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) Object.values(value).forEach(visit);
  };
  visit(node.values);
  for (const reference of found) {
    warn(
      `node ${node.id}: ${reference} refers to a file of a kit; a Config YAML alone cannot inline it ` +
        '(deploy the kit folder, or paste the file into the YAML)',
    );
  }
}
