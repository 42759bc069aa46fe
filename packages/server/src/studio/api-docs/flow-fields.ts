/**
 * A deployed flow's fields as API docs show them: inputs from the trigger's `advance_schema` (short
 * form or JSON Schema, with a property's `description` when it has one), outputs from the response
 * node's `outputMapping` (a literal keeps its type, a lone `{{trigger.output.x}}` the input's type,
 * anything else read from another node is `any`).
 */
import { type CompiledFlow, isJsonObject, type JsonValue, parseJsonSafely, Template } from '@flowgate/engine';
import type { ApiFieldDoc } from '../contract.ts';

export function inputFields(flow: CompiledFlow): ApiFieldDoc[] {
  const descriptions = propertyDescriptions(valuesOf(flow, flow.trigger.id).advance_schema);
  return Object.entries(flow.triggerDescription.inputFields).map(([name, field]) => ({
    name,
    type: field.type,
    required: !field.optional,
    description: descriptions.get(name) ?? null,
  }));
}

export function outputFields(flow: CompiledFlow): ApiFieldDoc[] {
  if (flow.responseNode === undefined) return [];
  const mapping = parseDocument(valuesOf(flow, flow.responseNode.id).outputMapping);
  if (!isJsonObject(mapping)) return [];
  const inputs = flow.triggerDescription.inputFields;
  return Object.entries(mapping).map(([name, value]) => {
    const { type, source } = mappedType(value, flow.trigger.id, inputs);
    return { name, type, required: true, description: source === undefined ? null : `From {{${source}}}.` };
  });
}

function valuesOf(flow: CompiledFlow, nodeId: string): Readonly<Record<string, unknown>> {
  return flow.definition.nodes.find((node) => node.id === nodeId)?.data.values ?? {};
}

function parseDocument(raw: unknown): JsonValue | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return raw as JsonValue;
  try {
    return parseJsonSafely(raw);
  } catch {
    return undefined;
  }
}

function propertyDescriptions(raw: unknown): Map<string, string> {
  const schema = parseDocument(raw);
  const descriptions = new Map<string, string>();
  if (!isJsonObject(schema) || !isJsonObject(schema.properties)) return descriptions;
  for (const [name, property] of Object.entries(schema.properties)) {
    if (isJsonObject(property) && typeof property.description === 'string') {
      descriptions.set(name, property.description);
    }
  }
  return descriptions;
}

function mappedType(
  value: JsonValue,
  triggerId: string,
  inputs: CompiledFlow['triggerDescription']['inputFields'],
): { type: string; source?: string } {
  if (Array.isArray(value)) return { type: 'array' };
  if (value === null) return { type: 'null' };
  if (typeof value === 'object') return { type: 'object' };
  if (typeof value !== 'string') return { type: typeof value };
  const template = new Template(value);
  const reference = template.references[0];
  if (reference === undefined) return { type: 'string' };
  if (!template.isSingleReference) return { type: 'string', source: reference.source };
  const [output, field, ...rest] = reference.steps;
  const fromTrigger =
    reference.root === triggerId && output?.kind === 'key' && output.key === 'output' && rest.length === 0;
  const declared = fromTrigger && field?.kind === 'key' ? inputs[field.key] : undefined;
  return { type: declared?.type ?? 'any', source: reference.source };
}
