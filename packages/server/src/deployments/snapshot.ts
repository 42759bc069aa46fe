import { isJsonObject, type JsonValue } from '@flowgate/engine';

/** A deployment's snapshot is `{flows: FlowDefinition[]}`; this reads it defensively. */
export function snapshotFlows(snapshot: JsonValue): { id?: unknown; [key: string]: unknown }[] {
  if (!isJsonObject(snapshot) || !Array.isArray(snapshot.flows)) return [];
  return snapshot.flows.filter(isJsonObject);
}
