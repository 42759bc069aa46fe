import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isJsonObject, type JsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { normaliseRequired } from '../../json-schema/normalise-required.ts';

/** A "Generate JSON" node's schema, compiled once per deployment. */
export interface OutputSchema {
  /** Standard JSON Schema (Lamatic's per-property `"required": true` normalised), sent to the model. */
  schema: JsonObject;
  /** Every way `value` misses the schema, as sentences; empty when it fits. */
  check(value: JsonValue): string[];
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** Reads `schema` (JSON text or an object); reports problems instead of throwing. */
export function compileOutputSchema(
  raw: unknown,
  problem: (message: string) => void,
): OutputSchema | undefined {
  if (raw === undefined || raw === null || raw === '') {
    problem('the node has no schema: set a JSON Schema for the object the model must return');
    return undefined;
  }
  let declared: JsonValue;
  try {
    declared = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
  } catch (error) {
    problem(`schema is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
  const schema = normaliseRequired(declared);
  if (!isJsonObject(schema) || !(schema.type === 'object' || isJsonObject(schema.properties))) {
    problem('schema must be a JSON Schema of an object: {"type": "object", "properties": {…}}');
    return undefined;
  }
  let validator: ValidateFunction;
  try {
    validator = ajv.compile(schema);
  } catch (error) {
    problem(`schema is not a usable JSON Schema: ${(error as Error).message}`);
    return undefined;
  }
  return { schema, check: (value) => (validator(value) ? [] : (validator.errors ?? []).map(describeError)) };
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the answer' : error.instancePath.slice(1).replaceAll('/', '.');
  switch (error.keyword) {
    case 'required':
      return `${at} is missing required property "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `${at} must be one of ${JSON.stringify(error.params.allowedValues)}`;
    case 'additionalProperties':
      return `${at} has property "${String(error.params.additionalProperty)}", which the schema does not allow`;
    default:
      return `${at} ${error.message ?? 'is not valid'}`;
  }
}

/**
 * The JSON in a model's answer: the whole text, or the first fenced block (models add ```json fences
 * even when asked not to). Returns the parse error's message when there is no JSON.
 */
export function parseModelJson(text: string): { value: JsonValue } | { error: string } {
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/.exec(text);
  const candidate = (fenced?.[1] ?? text).trim();
  try {
    return { value: parseJsonSafely(candidate) };
  } catch (error) {
    return { error: `the answer is not JSON (${(error as Error).message})` };
  }
}
