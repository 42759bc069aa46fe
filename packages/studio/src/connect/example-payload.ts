import type { FlowDefinitionJson } from '@flowgate/server/studio-contract';
import { exampleValue } from '@flowgate/server/studio-examples';

export interface InputField {
  name: string;
  type: string;
  required: boolean;
}

/**
 * The input fields a draft flow's trigger declares in `advance_schema`: Lamatic's short form
 * (`{"url":"string","tags":"[string]?"}`, `?` = optional) or a JSON-Schema object. Used for flows not
 * deployed yet; deployed flows take theirs from GET P/api-docs (the server's own reading).
 */
export function draftInputFields(definition: FlowDefinitionJson): InputField[] {
  const trigger = definition.nodes.find((node) => node.data.trigger === true) ?? definition.nodes[0];
  const schema = parseSchema(trigger?.data.values.advance_schema);
  if (!schema) return [];
  if (isObject(schema.properties)) {
    const required = Array.isArray(schema.required)
      ? schema.required.filter((item) => typeof item === 'string')
      : [];
    return Object.entries(schema.properties).map(([name, property]) => ({
      name,
      type: isObject(property) && typeof property.type === 'string' ? property.type : 'any',
      required: required.includes(name),
    }));
  }
  return Object.entries(schema).map(([name, declared]) => {
    const text = typeof declared === 'string' ? declared.trim() : 'any';
    const optional = text.endsWith('?');
    return { name, type: optional ? text.slice(0, -1).trim() : text, required: !optional };
  });
}

export function examplePayload(fields: readonly InputField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, exampleValue(field.name, field.type)]));
}

function parseSchema(raw: unknown): Record<string, unknown> | null {
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
