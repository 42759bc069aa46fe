import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';
import { SecretBoxError } from './secret-box-error.ts';

const box = new SecretBox(randomBytes(32));

function replacePart(sealed: string, index: number, change: (part: string) => string): string {
  const parts = sealed.split('.');
  parts[index] = change(parts[index] ?? '');
  return parts.join('.');
}

function flipFirstCharacter(part: string): string {
  return (part.startsWith('A') ? 'B' : 'A') + part.slice(1);
}

describe('SecretBox', () => {
  it('round-trips short strings, empty and non-ASCII ones included', () => {
    for (const plaintext of ['sk-live-123', '', 'clé secrète 🔑', 'x'.repeat(4096)]) {
      expect(box.decrypt(box.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, with a fresh IV each time', () => {
    const first = box.encrypt('same');
    const second = box.encrypt('same');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it.each([
    ['the IV', 1],
    ['the tag', 2],
    ['the ciphertext', 3],
  ])('refuses a value whose %s was changed', (_name, index) => {
    const tampered = replacePart(box.encrypt('secret value'), index, flipFirstCharacter);
    expect(() => box.decrypt(tampered)).toThrow(SecretBoxError);
    expect(() => box.decrypt(tampered)).toThrow(/altered|bytes/);
  });

  it('refuses a value sealed under another master key', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => box.decrypt(other.encrypt('secret value'))).toThrow(
      'Encrypted value failed authentication: it was altered, or it was sealed under a different master key',
    );
  });

  it('names what is wrong with a value that is not in the format', () => {
    expect(() => box.decrypt('plain text')).toThrow(
      'Encrypted value is not in the format v1.<iv>.<tag>.<ciphertext>',
    );
    expect(() => box.decrypt(box.encrypt('x').replace(/^v1/, 'v2'))).toThrow('only v1 is supported');
    expect(() => box.decrypt(replacePart(box.encrypt('x'), 3, () => 'not base64!'))).toThrow('not base64url');
    expect(() => box.decrypt(replacePart(box.encrypt('x'), 1, () => 'AAAA'))).toThrow(
      'an IV of 3 bytes and a tag of 16; expected 12 and 16',
    );
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('The master key must be 32 bytes, got 16');
  });

  it('does not share the caller’s key buffer', () => {
    const key = randomBytes(32);
    const own = new SecretBox(key);
    const sealed = own.encrypt('value');
    key.fill(0);
    expect(own.decrypt(sealed)).toBe('value');
  });
});
