import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature scheme, v1. A receiver recomputes
 *   HMAC-SHA256(secret, `${X-Flowgate-Timestamp}.${raw body}`) as lower-case hex
 * and compares it with a `v1=<hex>` entry of `X-Flowgate-Signature` (comma-separated: during a
 * secret rotation both the new and the previous secret sign). The timestamp is unix seconds; a
 * receiver refuses timestamps outside its tolerance so a captured delivery cannot be replayed later.
 * The SDK reuses this algorithm: change it only with a new version prefix.
 */
export const SIGNATURE_HEADER = 'x-flowgate-signature';
export const TIMESTAMP_HEADER = 'x-flowgate-timestamp';
export const DELIVERY_HEADER = 'x-flowgate-delivery';
const VERSION = 'v1';

/** `v1=<hex>` for each secret, joined with commas: the value of X-Flowgate-Signature. */
export function signWebhook(rawBody: string, timestampSeconds: number, secrets: readonly string[]): string {
  return secrets.map((secret) => `${VERSION}=${hmacHex(secret, timestampSeconds, rawBody)}`).join(',');
}

export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export type WebhookVerification =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'missing-headers' | 'malformed' | 'outside-tolerance' | 'mismatch' };

export interface VerifyOptions {
  /** Unix seconds now; for tests. */
  nowSeconds?: number;
}

/**
 * Checks a delivery as a receiver should: the raw body exactly as received (before any JSON
 * parsing), its headers (a fetch `Headers` or a Node/Express header object), the project's webhook
 * secret, and how many seconds the timestamp may differ from now (300 is usual). Compares in
 * constant time.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  toleranceSeconds: number,
  options: VerifyOptions = {},
): WebhookVerification {
  const timestampText = readHeader(headers, TIMESTAMP_HEADER);
  const signatures = readHeader(headers, SIGNATURE_HEADER);
  if (timestampText === undefined || signatures === undefined) {
    return { valid: false, reason: 'missing-headers' };
  }
  if (!/^\d{1,12}$/.test(timestampText.trim())) return { valid: false, reason: 'malformed' };
  const timestamp = Number(timestampText.trim());
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > toleranceSeconds) return { valid: false, reason: 'outside-tolerance' };
  const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'utf8');
  let wellFormed = false;
  let matched = false;
  for (const entry of signatures.split(',')) {
    const [version, hex] = entry.trim().split('=', 2);
    if (version !== VERSION || hex === undefined || !/^[0-9a-f]{64}$/i.test(hex)) continue;
    wellFormed = true;
    // Every candidate is compared (no early exit), each in constant time.
    if (timingSafeEqual(Buffer.from(hex.toLowerCase(), 'utf8'), expected)) matched = true;
  }
  if (matched) return { valid: true, timestamp };
  return { valid: false, reason: wellFormed ? 'mismatch' : 'malformed' };
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
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
