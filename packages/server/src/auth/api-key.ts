import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API keys: `fg_` + 32 random bytes in base62 (43 characters) + a 6-character base62 CRC32 of those
 * 43 characters. The checksum lets a leaked key be recognised offline (secret scanners) and a mistyped
 * one be refused without a database lookup; CRC32 catches every change of a single character.
 * Only the SHA-256 of the whole key is stored.
 */
export const API_KEY_PREFIX = 'fg_';
const RANDOM_BYTES = 32;
const RANDOM_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const PREFIX_RANDOM_CHARS = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

export const API_KEY_LENGTH = API_KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

export interface GeneratedApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  /** `fg_` + the first 6 random characters, to recognise the key in lists. */
  prefix: string;
  lastFour: string;
  /** SHA-256 of the whole key, hex: what the store keeps. */
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const random = encodeBase62(randomBytes(RANDOM_BYTES), RANDOM_LENGTH);
  const key = `${API_KEY_PREFIX}${random}${checksum(random)}`;
  return {
    key,
    prefix: `${API_KEY_PREFIX}${random.slice(0, PREFIX_RANDOM_CHARS)}`,
    lastFour: key.slice(-4),
    hash: hashApiKey(key),
  };
}

/** SHA-256 hex of the text as UTF-8. Hot path: one-shot `crypto.hash`, no Hash object. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** True when the text has the shape of a Flowgate key and its checksum matches. */
export function looksLikeApiKey(text: string): boolean {
  if (text.length !== API_KEY_LENGTH || !KEY_PATTERN.test(text)) return false;
  const random = text.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + RANDOM_LENGTH);
  return text.endsWith(checksum(random));
}

function checksum(random: string): string {
  return encodeBase62(BigInt(crc32(random)), CHECKSUM_LENGTH);
}

/** Fixed-width big-endian base62, left-padded with `0`. */
function encodeBase62(value: Buffer | bigint, width: number): string {
  let remaining = typeof value === 'bigint' ? value : BigInt(`0x${value.toString('hex') || '0'}`);
  let text = '';
  while (remaining > 0n) {
    text = BASE62.charAt(Number(remaining % 62n)) + text;
    remaining /= 62n;
  }
  if (text.length > width)
    throw new RangeError(`Value needs ${text.length} base62 digits, more than ${width}`);
  return text.padStart(width, '0');
}
