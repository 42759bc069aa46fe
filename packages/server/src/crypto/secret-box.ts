import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretBoxError } from './secret-box-error.ts';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * AES-256-GCM for short strings (secrets, credentials, JWT signing secrets) at rest.
 *
 * Sealed text is `v1.<iv>.<tag>.<ciphertext>`, each part base64url: a fresh 96-bit IV per value and
 * the 128-bit tag, so any change to any part, or opening under another key, fails with
 * {@link SecretBoxError} instead of returning garbage.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== KEY_BYTES) {
      throw new RangeError(`The master key must be ${KEY_BYTES} bytes, got ${masterKey.length}`);
    }
    this.#key = Buffer.from(masterKey);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string): string {
    const { iv, tag, ciphertext } = parseSealed(sealed);
    const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'Encrypted value failed authentication: it was altered, or it was sealed under a different master key',
      );
    }
  }
}

function parseSealed(sealed: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = sealed.split('.');
  const [version, iv, tag, ciphertext] = parts;
  if (parts.length !== 4 || version === undefined || iv === undefined || tag === undefined) {
    throw new SecretBoxError('Encrypted value is not in the format v1.<iv>.<tag>.<ciphertext>');
  }
  if (version !== VERSION) {
    throw new SecretBoxError(
      `Encrypted value has version "${version.slice(0, 8)}"; only ${VERSION} is supported`,
    );
  }
  if (ciphertext === undefined || ![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) {
    throw new SecretBoxError('Encrypted value has a part that is not base64url');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new SecretBoxError(
      `Encrypted value has an IV of ${ivBytes.length} bytes and a tag of ${tagBytes.length}; expected ${IV_BYTES} and ${TAG_BYTES}`,
    );
  }
  return { iv: ivBytes, tag: tagBytes, ciphertext: Buffer.from(ciphertext, 'base64url') };
}
