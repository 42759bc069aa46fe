import type { JsonValue } from '@flowgate/engine';

/** JSON documents are stored as text on both databases (portable, and never parsed by SQL). */
export function toJsonText(value: JsonValue): string {
  return JSON.stringify(value);
}

export function toNullableJsonText(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/**
 * The text was written by toJsonText, from values that passed the API's `__proto__`-safe parser, so
 * the plain (and faster) JSON.parse is enough; it defines `__proto__` keys as own data anyway.
 */
export function fromJsonText(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

export function fromNullableJsonText(text: string | null): JsonValue | null {
  return text === null ? null : (JSON.parse(text) as JsonValue);
}
