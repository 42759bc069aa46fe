import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'whsec_test-secret';
const body = '{"requestId":"r1","status":"success","result":{"text":"héllo 🚀"}}';
const now = 1_760_000_000;

function headersFor(signature: string, timestamp = now): Record<string, string> {
  return { 'X-Flowgate-Timestamp': String(timestamp), 'X-Flowgate-Signature': signature };
}

describe('webhook signatures', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 as documented', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(body, now, [secret])).toBe(`v1=${expected}`);
  });

  it('accepts its own signature, from a header object or a fetch Headers', () => {
    const signature = signWebhook(body, now, [secret]);
    expect(verifyWebhookSignature(body, headersFor(signature), secret, 300, { nowSeconds: now })).toEqual({
      valid: true,
      timestamp: now,
    });
    const fetchHeaders = new Headers(headersFor(signature));
    expect(
      verifyWebhookSignature(Buffer.from(body), fetchHeaders, secret, 300, { nowSeconds: now }).valid,
    ).toBe(true);
    const nodeHeaders = { 'x-flowgate-timestamp': [String(now)], 'x-flowgate-signature': signature };
    expect(verifyWebhookSignature(body, nodeHeaders, secret, 300, { nowSeconds: now }).valid).toBe(true);
  });

  it('refuses another body, another secret, and a signature of another timestamp', () => {
    const signature = signWebhook(body, now, [secret]);
    const check = (rawBody: string, key: string, headers = headersFor(signature)) =>
      verifyWebhookSignature(rawBody, headers, key, 300, { nowSeconds: now });
    expect(check(`${body} `, secret)).toEqual({ valid: false, reason: 'mismatch' });
    expect(check(body, 'whsec_other')).toEqual({ valid: false, reason: 'mismatch' });
    expect(check(body, secret, headersFor(signature, now - 1))).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a replay outside the tolerance window, either way', () => {
    const old = signWebhook(body, now - 301, [secret]);
    const future = signWebhook(body, now + 301, [secret]);
    const verify = (signature: string, timestamp: number) =>
      verifyWebhookSignature(body, headersFor(signature, timestamp), secret, 300, { nowSeconds: now });
    expect(verify(old, now - 301)).toEqual({ valid: false, reason: 'outside-tolerance' });
    expect(verify(future, now + 301)).toEqual({ valid: false, reason: 'outside-tolerance' });
    expect(verify(signWebhook(body, now - 300, [secret]), now - 300).valid).toBe(true);
  });

  it('accepts any of several v1 signatures (rotation) and ignores unknown versions', () => {
    const both = signWebhook(body, now, ['whsec_new', secret]);
    expect(both.split(',')).toHaveLength(2);
    expect(verifyWebhookSignature(body, headersFor(both), secret, 300, { nowSeconds: now }).valid).toBe(true);
    const mixed = `v0=abc, ${signWebhook(body, now, [secret])}`;
    expect(verifyWebhookSignature(body, headersFor(mixed), secret, 300, { nowSeconds: now }).valid).toBe(
      true,
    );
  });

  it('says what is wrong with missing or malformed headers', () => {
    const options = { nowSeconds: now };
    expect(verifyWebhookSignature(body, {}, secret, 300, options)).toEqual({
      valid: false,
      reason: 'missing-headers',
    });
    const signature = signWebhook(body, now, [secret]);
    expect(verifyWebhookSignature(body, headersFor(signature, Number.NaN), secret, 300, options)).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(verifyWebhookSignature(body, headersFor('v1=zz'), secret, 300, options)).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(verifyWebhookSignature(body, headersFor(`v1=${'0'.repeat(63)}`), secret, 300, options).valid).toBe(
      false,
    );
  });
});
