/** Replaces a secret's value in a log line. */
export const REDACTED = '[redacted]';

/**
 * Names whose values never reach a log line, wherever they appear: credential headers (as Node and
 * as people spell them) and secret fields. `key` is left alone at the top level only, where it names
 * a job or cache key rather than a credential.
 */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'Authorization',
  'x-lamatic-signature',
  'X-Lamatic-Signature',
  'cookie',
  'Cookie',
  'set-cookie',
  'Set-Cookie',
  'x-webhook-secret',
  'X-Webhook-Secret',
  'apiKey',
  'api_key',
  'secret',
  'password',
  'token',
  'key',
]);
const TOP_LEVEL_ALLOWED = 'key';
/** Deeper objects are logged as they are; the line scrubber still catches credential-shaped text. */
const MAX_DEPTH = 8;

/**
 * The logged object with secret-named fields replaced, at any depth of plain objects and arrays.
 * Copy-on-write: an object without secrets comes back as it is (the request log's flat line costs
 * one pass over its keys, no allocation). Class instances (errors, buffers) are not entered.
 */
export function redactSecrets(object: Record<string, unknown>): Record<string, unknown> {
  return redactObject(object, 0);
}

function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const name in object) {
    if (!Object.hasOwn(object, name)) continue;
    const value = object[name];
    let replaced = value;
    if (SECRET_NAMES.has(name) && !(depth === 0 && name === TOP_LEVEL_ALLOWED)) {
      if (value !== undefined && value !== null) replaced = REDACTED;
    } else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null) {
      replaced = redactValue(value, depth + 1);
    }
    if (replaced !== value) {
      copy ??= { ...object };
      copy[name] = replaced;
    }
  }
  return copy ?? object;
}

function redactValue(value: object, depth: number): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const replaced =
        typeof item === 'object' && item !== null && depth < MAX_DEPTH ? redactValue(item, depth + 1) : item;
      if (replaced !== item) {
        copy ??= [...value];
        copy[index] = replaced;
      }
    });
    return copy ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  // Plain objects only (Node's header objects have a null prototype).
  if (prototype !== Object.prototype && prototype !== null) return value;
  return redactObject(value as Record<string, unknown>, depth);
}
