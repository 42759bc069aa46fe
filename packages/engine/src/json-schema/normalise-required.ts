import { isJsonObject, type JsonValue } from '../json.ts';

/** `properties.x.required: true` (Lamatic) → `required: ["x"]` on the parent, recursively. */
export function normaliseRequired(schema: JsonValue): JsonValue {
  if (Array.isArray(schema)) return schema.map(normaliseRequired);
  if (!isJsonObject(schema)) return schema;
  const result: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(schema)) result[key] = normaliseRequired(value);
  if (isJsonObject(result.properties)) {
    const required = new Set(
      Array.isArray(result.required) ? result.required.filter((x) => typeof x === 'string') : [],
    );
    const properties: Record<string, JsonValue> = {};
    for (const [name, property] of Object.entries(result.properties)) {
      if (isJsonObject(property) && typeof property.required === 'boolean') {
        const { required: flag, ...rest } = property;
        if (flag) required.add(name);
        properties[name] = rest;
      } else properties[name] = property;
    }
    result.properties = properties;
    if (required.size > 0) result.required = [...required];
    else delete result.required;
  }
  return result;
}
