/** A value that survives JSON.stringify → JSON.parse unchanged: everything the engine passes between nodes. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses JSON text the way user input must be parsed: `__proto__` keys become plain data
 * instead of touching prototypes.
 */
export function parseJsonSafely(text: string): JsonValue {
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') return undefined;
    return value;
  }) as JsonValue;
}
