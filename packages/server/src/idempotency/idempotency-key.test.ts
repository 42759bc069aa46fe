import { describe, expect, it } from 'vitest';
import { canonicalJson, checkIdempotencyKey, requestFingerprint } from './idempotency-key.ts';

describe('idempotency keys', () => {
  it('accepts 1 to 255 printable ASCII characters', () => {
    for (const key of ['a', 'order-42 retry #1', '~'.repeat(255), '550e8400-e29b-41d4-a716-446655440000']) {
      expect(() => checkIdempotencyKey(key)).not.toThrow();
    }
  });

  it('refuses empty, too long and unprintable keys, saying which', () => {
    expect(() => checkIdempotencyKey('')).toThrow(/Idempotency-Key header is empty; send 1 to 255/);
    expect(() => checkIdempotencyKey('x'.repeat(256))).toThrow(/256 characters long, over the limit of 255/);
    for (const key of ['tab\there', 'é', 'bell\u0007']) {
      expect(() => checkIdempotencyKey(key)).toThrow(/not printable ASCII/);
    }
  });

  it('fingerprints workflow and payload, ignoring key order but not values or array order', () => {
    const base = requestFingerprint('flow', { a: 1, b: { c: [1, 2], d: 'x' } });
    expect(requestFingerprint('flow', { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(base);
    expect(requestFingerprint('flow', { a: 1, b: { c: [2, 1], d: 'x' } })).not.toBe(base);
    expect(requestFingerprint('flow', { a: '1', b: { c: [1, 2], d: 'x' } })).not.toBe(base);
    expect(requestFingerprint('other', { a: 1, b: { c: [1, 2], d: 'x' } })).not.toBe(base);
    expect(requestFingerprint('flow', null)).toBe(requestFingerprint('flow', {}));
    expect(canonicalJson({ z: [true, null, 'q"'], a: { y: 1.5, b: -0 } })).toBe(
      '{"a":{"b":0,"y":1.5},"z":[true,null,"q\\""]}',
    );
  });
});
