import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { normaliseRequired } from '../../json-schema/normalise-required.ts';

export { normaliseRequired };

/**
 * A trigger's input schema, compiled once per deployment. Accepts Lamatic's short form
 * (`{"url":"string","tags":"[string]","age":"int?"}`) and a JSON-Schema object; Lamatic's habit of
 * writing `"required": true` inside a property is normalised to standard JSON Schema.
 */
export interface InputSchema {
  fields: Record<string, { type: string; optional: boolean }>;
  validate(payload: JsonValue): { field: string; message: string }[];
}

const SHORT_TYPES: Record<string, JsonValue> = {
  string: { type: 'string' },
  number: { type: 'number' },
  float: { type: 'number' },
  int: { type: 'integer' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  bool: { type: 'boolean' },
  object: { type: 'object' },
  json: {},
  any: {},
  array: { type: 'array' },
  list: { type: 'array' },
};

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });

/** Parses `advance_schema`; returns problems instead of throwing so the deploy lists them all. */
export function compileInputSchema(
  raw: unknown,
  problem: (message: string) => void,
): InputSchema | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let declared: JsonValue;
  try {
    declared = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
  } catch (error) {
    problem(`advance_schema is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
  if (!isJsonObject(declared)) {
    problem('advance_schema must be a JSON object mapping field names to types');
    return undefined;
  }
  const isJsonSchema = declared.type === 'object' && isJsonObject(declared.properties);
  const converted = isJsonSchema ? fromJsonSchema(declared) : fromShortForm(declared, problem);
  if (!converted) return undefined;
  let validator: ValidateFunction;
  try {
    validator = ajv.compile(converted.schema);
  } catch (error) {
    problem(`advance_schema is not a usable JSON Schema: ${(error as Error).message}`);
    return undefined;
  }
  return { fields: converted.fields, validate: (payload) => describeErrors(validator, payload) };
}

interface Converted {
  schema: Record<string, JsonValue>;
  fields: InputSchema['fields'];
}

function fromShortForm(
  declared: Record<string, JsonValue>,
  problem: (message: string) => void,
): Converted | undefined {
  const properties: Record<string, JsonValue> = {};
  const required: string[] = [];
  const fields: InputSchema['fields'] = {};
  for (const [name, typeValue] of Object.entries(declared)) {
    if (typeof typeValue !== 'string') {
      problem(`advance_schema field "${name}" must name a type such as "string", "number?" or "[string]"`);
      continue;
    }
    const optional = typeValue.trim().endsWith('?');
    const typeName = typeValue.trim().replace(/\?$/, '').toLowerCase();
    const schema = shortTypeSchema(typeName);
    if (!schema) {
      problem(
        `advance_schema field "${name}" has unknown type "${typeValue}"; use one of ${Object.keys(SHORT_TYPES).join(', ')}, or [type] for a list`,
      );
      continue;
    }
    properties[name] = schema;
    fields[name] = { type: typeName, optional };
    if (!optional) required.push(name);
  }
  return { schema: { type: 'object', properties, required }, fields };
}

function shortTypeSchema(typeName: string): JsonValue | undefined {
  const list = /^\[\s*(\w+)\s*\]$/.exec(typeName);
  if (list) {
    const items = SHORT_TYPES[list[1] as string];
    return items === undefined ? undefined : { type: 'array', items };
  }
  return SHORT_TYPES[typeName];
}

function fromJsonSchema(declared: Record<string, JsonValue>): Converted {
  const schema = normaliseRequired(declared) as Record<string, JsonValue>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields: InputSchema['fields'] = {};
  for (const [name, property] of Object.entries(schema.properties as Record<string, JsonValue>)) {
    const type = isJsonObject(property) && typeof property.type === 'string' ? property.type : 'any';
    fields[name] = { type, optional: !required.has(name) };
  }
  return { schema, fields };
}

function describeErrors(
  validator: ValidateFunction,
  payload: JsonValue,
): { field: string; message: string }[] {
  if (validator(payload)) return [];
  return (validator.errors ?? []).map((error) => describeError(error, payload));
}

function describeError(error: ErrorObject, payload: JsonValue): { field: string; message: string } {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return { field: [...path, missing].join('.'), message: 'is required but missing' };
  }
  if (error.keyword === 'type') {
    const actual = describeType(valueAt(payload, path));
    return { field: path.join('.'), message: `must be ${String(error.params.type)}, got ${actual}` };
  }
  return { field: path.join('.'), message: error.message ?? 'is not valid' };
}

function valueAt(value: JsonValue, path: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const part of path) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isJsonObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function describeType(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
