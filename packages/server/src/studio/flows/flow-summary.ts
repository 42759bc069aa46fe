import { isJsonObject, type JsonValue, type NodeRegistry } from '@flowgate/engine';
import type { FlowRecord } from '../../store/store.ts';
import type { FlowSummary } from '../contract.ts';

/** The flows of the active deployment by id, as canonical JSON text (to tell whether a draft changed). */
export type DeployedDefinitions = ReadonlyMap<string, string>;

export function deployedDefinitions(snapshot: JsonValue | undefined): DeployedDefinitions {
  const flows = isJsonObject(snapshot) && Array.isArray(snapshot.flows) ? snapshot.flows : [];
  const byId = new Map<string, string>();
  for (const flow of flows) {
    if (isJsonObject(flow) && typeof flow.id === 'string') byId.set(flow.id, canonicalJson(flow));
  }
  return byId;
}

export function flowSummary(
  flow: FlowRecord,
  registry: NodeRegistry,
  deployed: DeployedDefinitions,
): FlowSummary {
  const definition = isJsonObject(flow.definition) ? flow.definition : {};
  const nodes = Array.isArray(definition.nodes) ? definition.nodes : [];
  const deployedText = deployed.get(flow.id);
  return {
    id: flow.id,
    name: flow.name,
    description: typeof definition.description === 'string' ? definition.description : null,
    nodeCount: nodes.length,
    triggerKind: triggerKindOf(nodes, registry),
    updatedAt: flow.updatedAt,
    deployed: deployedText !== undefined,
    changedSinceDeploy: deployedText !== undefined && deployedText !== canonicalJson(flow.definition),
  };
}

function triggerKindOf(nodes: readonly JsonValue[], registry: NodeRegistry): string | null {
  for (const node of nodes) {
    if (!isJsonObject(node) || !isJsonObject(node.data) || typeof node.data.nodeId !== 'string') continue;
    if (node.data.trigger === true || registry.get(node.data.nodeId)?.role === 'trigger')
      return node.data.nodeId;
  }
  return null;
}

/** JSON with object keys sorted, so equal documents compare equal whatever their key order. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isJsonObject(inner as JsonValue)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}
