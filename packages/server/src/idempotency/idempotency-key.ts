import { createHash } from 'node:crypto';
import type { JsonValue } from '@flowgate/engine';
import { ApiError } from '../errors/api-error.ts';

/** Printable ASCII (space to tilde), as an HTTP header carries it unchanged everywhere. */
const PRINTABLE = /^[\x20-\x7e]+$/;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Refuses a key that is empty, too long or holds other than printable ASCII, saying which. */
export function checkIdempotencyKey(key: string): void {
  const advice = 'send 1 to 255 printable ASCII characters, e.g. a UUID';
  if (key.length === 0) throw new ApiError('BAD_REQUEST', `The Idempotency-Key header is empty; ${advice}.`);
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError(
      'BAD_REQUEST',
      `The Idempotency-Key header is ${key.length} characters long, over the limit of ${MAX_IDEMPOTENCY_KEY_LENGTH}; ${advice}.`,
    );
  }
  if (!PRINTABLE.test(key)) {
    throw new ApiError(
      'BAD_REQUEST',
      `The Idempotency-Key header holds a character that is not printable ASCII; ${advice}.`,
    );
  }
}

/**
 * What makes two executes "the same request" for an idempotency key: the workflow and the payload,
 * compared as SHA-256 of canonical JSON (object keys sorted), so key order and whitespace do not count.
 */
export function requestFingerprint(workflowId: string, payload: JsonValue): string {
  return createHash('sha256')
    .update(canonicalJson([workflowId, payload ?? {}]))
    .digest('hex');
}

/** JSON with every object's keys in code-point order; arrays keep their order. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const fields: string[] = [];
    for (const key of keys) {
      const field = value[key];
      if (field !== undefined) fields.push(`${JSON.stringify(key)}:${canonicalJson(field)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
