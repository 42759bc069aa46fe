import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { Template } from '../../templates/template.ts';
import type { NodeKind } from '../node-kind.ts';

interface VariableDefinition {
  name: string;
  type: string;
  value: Template | JsonValue;
}

/**
 * "Variables": `mapping` is `{"name": {"type": "string", "value": "{{…}}"}}`; the output is
 * `{name: value}` with each value rendered and converted to its declared type.
 */
export const variablesNode: NodeKind<VariableDefinition[]> = {
  kind: 'variablesNode',
  role: 'step',
  compile({ values, problem, reads }) {
    const mapping = parseMapping(values.mapping, problem);
    const variables: VariableDefinition[] = [];
    for (const [name, entry] of Object.entries(mapping)) {
      const declared = isJsonObject(entry) ? entry : { value: entry };
      const type = typeof declared.type === 'string' ? declared.type.toLowerCase() : 'string';
      const raw = declared.value ?? null;
      if (typeof raw === 'string') {
        const template = new Template(raw);
        reads(template.references);
        variables.push({ name, type, value: template });
      } else variables.push({ name, type, value: raw });
    }
    return variables;
  },
  run(variables, { scope }) {
    const output: Record<string, JsonValue> = {};
    for (const variable of variables) {
      const value = variable.value instanceof Template ? variable.value.render(scope) : variable.value;
      output[variable.name] = convert(value, variable.type);
    }
    return { output };
  },
};

function parseMapping(raw: unknown, problem: (message: string) => void): Record<string, JsonValue> {
  if (raw === undefined || raw === null || raw === '') return {};
  try {
    const parsed = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
    if (isJsonObject(parsed)) return parsed;
  } catch (error) {
    problem(`mapping is not valid JSON (${(error as Error).message})`);
    return {};
  }
  problem('mapping must be a JSON object: {"name": {"type": "string", "value": "{{…}}"}}');
  return {};
}

/** Converts a rendered value to the declared type where the conversion is unambiguous. */
function convert(value: JsonValue, type: string): JsonValue {
  if (value === null) return null;
  switch (type) {
    case 'number':
    case 'int':
    case 'integer': {
      if (typeof value === 'number') return value;
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isNaN(number) ? value : number;
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'object':
    case 'array':
    case 'json':
      if (typeof value !== 'string') return value;
      try {
        return parseJsonSafely(value);
      } catch {
        return value;
      }
    default:
      return value;
  }
}
