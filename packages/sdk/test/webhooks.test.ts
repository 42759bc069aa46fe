import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProject, TestServer } from '../../server/test/support/test-server.ts';
import { fast, greetFlow, secretOf } from '../../server/test/support/webhook-flows.ts';
import { WebhookReceiver, waitFor } from '../../server/test/support/webhook-receiver.ts';
import { ConfigurationError, type Flowgate, verifyWebhook, WebhookVerificationError } from '../src/index.ts';
import { startSdkFixture } from './support/sdk-fixture.ts';

describe('verifyWebhook against deliveries the server really sent', () => {
  let server: TestServer;
  let test: TestProject;
  let receiver: WebhookReceiver;
  let client: Flowgate;

  beforeAll(async () => {
    [{ server, test, client }, receiver] = await Promise.all([
      startSdkFixture([greetFlow('greet', { async: true })], { flags: fast }),
      WebhookReceiver.start(),
    ]);
  });
  afterAll(() => Promise.all([server.close(), receiver.close()]));

  it('accepts the delivery of a run started with callbackUrl, and refuses it tampered, late or unsigned', async () => {
    const requestId = await client.start('greet', { name: 'Ada' }, { callbackUrl: receiver.url });
    await waitFor(() => receiver.received.length === 1);
    const delivery = receiver.received[0];
    if (!delivery) throw new Error('no delivery');
    const secret = await secretOf(server.app, test);

    const verified = await verifyWebhook<{ requestId: string; result: unknown }>(
      delivery.body,
      delivery.headers,
      secret,
    );
    expect(verified.body).toMatchObject({ requestId, status: 'success', result: { greeting: 'hi Ada' } });
    expect(verified.deliveryId).toEqual(expect.any(String));
    expect(Math.abs(verified.timestamp - Date.now() / 1000)).toBeLessThan(30);
    // A fetch Headers and bytes work too (what a Request handler in a browser or an edge runtime has).
    const headers = new Headers(
      Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]),
    );
    await expect(
      verifyWebhook(new TextEncoder().encode(delivery.body), headers, secret),
    ).resolves.toMatchObject({
      body: { requestId },
    });

    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('accepted'),
        (error: unknown) => {
          expect(error).toBeInstanceOf(WebhookVerificationError);
          return (error as WebhookVerificationError).reason;
        },
      );
    const tampered = delivery.body.replace('hi Ada', 'hi Eve');
    expect(await refusal(verifyWebhook(tampered, delivery.headers, secret))).toBe('mismatch');
    expect(await refusal(verifyWebhook(delivery.body, delivery.headers, `${secret}x`))).toBe('mismatch');
    const later = { nowSeconds: verified.timestamp + 301 };
    expect(await refusal(verifyWebhook(delivery.body, delivery.headers, secret, later))).toBe(
      'outside-tolerance',
    );
    await expect(
      verifyWebhook(delivery.body, delivery.headers, secret, { ...later, toleranceSeconds: 600 }),
    ).resolves.toBeDefined();
    expect(await refusal(verifyWebhook(delivery.body, {}, secret))).toBe('missing-headers');
    const forged = { ...delivery.headers, 'x-flowgate-signature': 'v1=zz' };
    expect(await refusal(verifyWebhook(delivery.body, forged, secret))).toBe('malformed');
  });

  it('refuses options that would turn its checks off: a tolerance that is not a finite number, an empty secret', async () => {
    const headers = {
      'x-flowgate-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-flowgate-signature': `v1=${'0'.repeat(64)}`,
    };
    for (const toleranceSeconds of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      await expect(verifyWebhook('{}', headers, 'secret', { toleranceSeconds })).rejects.toThrow(
        ConfigurationError,
      );
    }
    await expect(verifyWebhook('{}', headers, '')).rejects.toThrow(/secret is empty/);
  });
});
