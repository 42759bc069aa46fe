/**
 * The test-run form's fields, read from the trigger's `advance_schema`: Lamatic's short form
 * (`{"topic":"string","age":"int?","tags":"[string]"}`, `?` = optional) or a JSON-Schema object, given as a
 * JSON string or as an object.
 */
export type InputControl = 'text' | 'number' | 'integer' | 'boolean' | 'json';

export interface InputFieldSpec {
  name: string;
  /** The type as declared, for the label. */
  declared: string;
  control: InputControl;
  required: boolean;
}

export type SchemaReading = { fields: InputFieldSpec[]; error: null } | { fields: []; error: string };

const CONTROLS: Record<string, InputControl> = {
  string: 'text',
  number: 'number',
  float: 'number',
  int: 'integer',
  integer: 'integer',
  boolean: 'boolean',
  bool: 'boolean',
};

function controlFor(typeName: string): InputControl {
  return CONTROLS[typeName.toLowerCase()] ?? 'json';
}

export function readTriggerSchema(raw: unknown): SchemaReading {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return { fields: [], error: null };
  }
  let declared: unknown = raw;
  if (typeof raw === 'string') {
    try {
      declared = JSON.parse(raw);
    } catch (cause) {
      return {
        fields: [],
        error: `The trigger's advance_schema is not valid JSON (${(cause as Error).message}); fix it in the trigger's form.`,
      };
    }
  }
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    return {
      fields: [],
      error: 'The trigger\'s advance_schema must be an object such as {"topic": "string"}.',
    };
  }
  const schema = declared as Record<string, unknown>;
  if (schema.type === 'object' && typeof schema.properties === 'object' && schema.properties !== null) {
    return { fields: fromJsonSchema(schema), error: null };
  }
  return { fields: fromShortForm(schema), error: null };
}

function fromShortForm(schema: Record<string, unknown>): InputFieldSpec[] {
  return Object.entries(schema).map(([name, type]) => {
    const text = typeof type === 'string' ? type.trim() : 'json';
    const optional = text.endsWith('?');
    const typeName = text.replace(/\?$/, '');
    return { name, declared: typeName, control: controlFor(typeName), required: !optional };
  });
}

function fromJsonSchema(schema: Record<string, unknown>): InputFieldSpec[] {
  const properties = schema.properties as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).map(([name, property]) => {
    const declared =
      typeof property === 'object' && property !== null ? (property as Record<string, unknown>) : {};
    const typeName = typeof declared.type === 'string' ? declared.type : 'json';
    // Lamatic writes `"required": true` inside a property; honour both forms.
    const isRequired = required.has(name) || declared.required === true;
    return { name, declared: typeName, control: controlFor(typeName), required: isRequired };
  });
}

export type FormValue = string | boolean;

export function initialFormValue(field: InputFieldSpec): FormValue {
  return field.control === 'boolean' ? false : '';
}

/** Builds the payload; every wrong field is named with what it needs. */
export function buildPayload(
  fields: readonly InputFieldSpec[],
  form: Record<string, FormValue>,
): { payload: Record<string, unknown>; errors: Record<string, string> } {
  const payload: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = form[field.name] ?? initialFormValue(field);
    if (typeof value === 'boolean') {
      payload[field.name] = value;
      continue;
    }
    if (value.trim() === '') {
      if (field.required && field.control !== 'text') errors[field.name] = `${field.name} is required.`;
      else if (field.required) payload[field.name] = '';
      continue;
    }
    const parsed = parseControl(field, value);
    if ('error' in parsed) errors[field.name] = parsed.error;
    else payload[field.name] = parsed.value;
  }
  return { payload, errors };
}

function parseControl(field: InputFieldSpec, text: string): { value: unknown } | { error: string } {
  if (field.control === 'text') return { value: text };
  if (field.control === 'number' || field.control === 'integer') {
    const number = Number(text);
    if (!Number.isFinite(number)) return { error: `${field.name} must be a number, such as 42 or 3.5.` };
    if (field.control === 'integer' && !Number.isInteger(number)) {
      return { error: `${field.name} must be a whole number, such as 42.` };
    }
    return { value: number };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (cause) {
    return {
      error: `${field.name} must be JSON (${field.declared}), e.g. ${field.declared.startsWith('[') || field.declared === 'array' ? '["a", "b"]' : '{"key": "value"}'}; ${(cause as Error).message}.`,
    };
  }
}
