import { ConfigurationError } from '../errors/configuration-error.ts';
import { WebhookVerificationError } from '../errors/webhook-verification-error.ts';
import type { JsonValue } from '../json.ts';

/** A fetch `Headers`, or a Node / Express header object (names in any case). */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far the delivery's timestamp may be from now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Unix seconds taken as now (tests). */
  nowSeconds?: number;
}

/** A delivery that passed: its parsed body, when it was signed, and its id to deduplicate retries by. */
export interface VerifiedWebhook<Body = JsonValue> {
  body: Body;
  timestamp: number;
  /** X-Flowgate-Delivery: the same for every attempt of one delivery. */
  deliveryId: string | undefined;
}

const encoder = new TextEncoder();

/**
 * Checks a Flowgate webhook delivery (scheme v1, as packages/server/src/webhooks/webhook-signature.ts
 * signs it): `X-Flowgate-Signature` holds `v1=<hex HMAC-SHA256(secret, "${X-Flowgate-Timestamp}.${raw body}")>`
 * entries, comma-separated (two while the project's secret is being rotated). Pass the raw body
 * exactly as received, before any JSON parsing. The timestamp must be within `toleranceSeconds`, so a
 * captured delivery cannot be replayed later; the comparison is WebCrypto's HMAC verify, constant-time,
 * and every entry is checked. Throws WebhookVerificationError saying why a delivery is refused.
 */
export async function verifyWebhook<Body = JsonValue>(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<VerifiedWebhook<Body>> {
  const timestampText = readHeader(headers, 'x-flowgate-timestamp')?.trim();
  const signatures = readHeader(headers, 'x-flowgate-signature');
  if (timestampText === undefined || signatures === undefined) {
    throw new WebhookVerificationError(
      'missing-headers',
      'The delivery has no X-Flowgate-Timestamp or X-Flowgate-Signature header.',
    );
  }
  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new WebhookVerificationError('malformed', 'X-Flowgate-Timestamp is not a number of seconds.');
  }
  const timestamp = Number(timestampText);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    // NaN or Infinity would turn the replay window off without a word.
    throw new ConfigurationError([
      `toleranceSeconds must be a finite number of seconds ≥ 0 (got ${String(options.toleranceSeconds)})`,
    ]);
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new ConfigurationError([
      "the webhook secret is empty: pass the project's secret (flowgate webhooks secret --project ID)",
    ]);
  }
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'outside-tolerance',
      `The delivery was signed ${now - timestamp} s ago, outside the tolerance of ${tolerance} s: refused as a possible replay.`,
    );
  }
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const candidates = signatures.split(',').flatMap((entry) => {
    const [version, hex] = entry.trim().split('=', 2);
    return version === 'v1' && hex !== undefined && /^[0-9a-f]{64}$/i.test(hex) ? [hexBytes(hex)] : [];
  });
  if (candidates.length === 0) {
    throw new WebhookVerificationError(
      'malformed',
      'X-Flowgate-Signature holds no v1=<64 hex digits> entry.',
    );
  }
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const signed = concat(encoder.encode(`${timestamp}.`), body);
  const results = await Promise.all(
    candidates.map((candidate) => globalThis.crypto.subtle.verify('HMAC', key, candidate, signed)),
  );
  if (!results.includes(true)) {
    throw new WebhookVerificationError(
      'mismatch',
      'The signature does not match: wrong secret, or the body was changed.',
    );
  }
  return { body: parseBody(body) as Body, timestamp, deliveryId: readHeader(headers, 'x-flowgate-delivery') };
}

function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.[0];
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

function parseBody(body: Uint8Array): JsonValue {
  const text = new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
