import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_LENGTH, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('generateApiKey', () => {
  it('makes fg_ + 43 base62 characters of 32 random bytes + a 6-character checksum', () => {
    const { key, prefix, lastFour } = generateApiKey();
    expect(API_KEY_LENGTH).toBe(52);
    expect(key).toMatch(/^fg_[0-9A-Za-z]{49}$/);
    expect(prefix).toBe(key.slice(0, 9));
    expect(prefix).toMatch(/^fg_[0-9A-Za-z]{6}$/);
    expect(lastFour).toBe(key.slice(-4));
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it('stores the SHA-256 hex of the whole key', () => {
    const { key, hash } = generateApiKey();
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toBe(hash);
  });

  it('makes 10,000 distinct keys with distinct prefixes mostly', () => {
    const keys = Array.from({ length: 10_000 }, () => generateApiKey());
    expect(new Set(keys.map((generated) => generated.key)).size).toBe(10_000);
    expect(new Set(keys.map((generated) => generated.hash)).size).toBe(10_000);
    // 62^6 possible prefixes: a few collisions at most.
    expect(new Set(keys.map((generated) => generated.prefix)).size).toBeGreaterThan(9_990);
    expect(keys.every((generated) => looksLikeApiKey(generated.key))).toBe(true);
  });
});

describe('looksLikeApiKey', () => {
  it('rejects every change of one character, anywhere after fg_', () => {
    const { key } = generateApiKey();
    let changed = 0;
    for (let index = 3; index < key.length; index += 1) {
      for (const character of BASE62) {
        if (character === key[index]) continue;
        const typo = key.slice(0, index) + character + key.slice(index + 1);
        expect(looksLikeApiKey(typo), `change at ${index} to ${character}`).toBe(false);
        changed += 1;
      }
    }
    expect(changed).toBe(49 * 61);
  });

  it('rejects text of the wrong shape', () => {
    const { key } = generateApiKey();
    for (const text of [
      '',
      key.slice(0, -1),
      `${key}x`,
      key.replace('fg_', 'lt-'),
      key.replace('fg_', 'FG_'),
      `${key.slice(0, 20)}-${key.slice(21)}`,
      ` ${key.slice(1)}`,
      'fg_',
    ]) {
      expect(looksLikeApiKey(text), text).toBe(false);
    }
  });
});
