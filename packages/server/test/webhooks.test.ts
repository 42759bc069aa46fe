import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../src/store/store.ts';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.ts';
import {
  authHeaders,
  createTestProject,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';
import {
  deliveriesSettled,
  execute,
  fast,
  greetFlow,
  run,
  secretOf,
  verified,
} from './support/webhook-flows.ts';
import { WebhookReceiver, waitFor } from './support/webhook-receiver.ts';

describe('signed webhook callbacks', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer(fast);
    receiver = await WebhookReceiver.start();
    test = await createTestProject(server.app, []);
    await server.app.deploys.deploy(test.project.id, [
      greetFlow('greet', { webhookUrl: receiver.url }),
      greetFlow('broken', { webhookUrl: receiver.url, fail: true }),
      greetFlow('later', { async: true }),
    ]);
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.answerWith(() => ({ status: 204 }));
  });

  it('delivers a finished run to the flow’s webhookUrl, signed under the project’s secret', async () => {
    const requestId = await run(server.endpoint, test, 'greet');
    await waitFor(() => deliveriesSettled(server.app, test, 1));
    const [received] = receiver.received;
    if (!received) throw new Error('nothing received');
    expect(verified(received, await secretOf(server.app, test))).toBe(true);
    expect(verified(received, 'whsec_not-the-secret')).toBe(false);
    expect(JSON.parse(received.body)).toEqual({
      requestId,
      flowId: 'greet',
      projectId: test.project.id,
      status: 'success',
      result: { greeting: 'hi Ada' },
      error: null,
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      timeTakenInSeconds: expect.any(Number),
    });
    expect(received.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Flowgate-Webhooks',
      'x-flowgate-delivery': expect.stringMatching(/^whd_/),
      'x-flowgate-timestamp': expect.stringMatching(/^\d{10}$/),
      'x-team': 'ops',
    });
    const status = await postGraphql(
      server.endpoint,
      { query: `query { checkStatus(requestId: "${requestId}") }` },
      authHeaders(test),
    );
    expect(status.body.data?.checkStatus).toHaveProperty('webhooks', [
      expect.objectContaining({ url: receiver.url, source: 'flow', status: 'delivered', attempts: 1 }),
    ]);
  });

  it('delivers a failed run too, with the error', async () => {
    const requestId = await run(server.endpoint, test, 'broken');
    await waitFor(() => receiver.received.length === 1);
    const body = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(body).toMatchObject({ requestId, status: 'error', result: null });
    expect(body.error.message).toMatch(/no greeting today/);
  });

  it('delivers to the X-Callback-Url of the request (an async run, through the queue)', async () => {
    const callback = `${receiver.url}?token=abc`;
    const requestId = await run(server.endpoint, test, 'later', { 'X-Callback-Url': callback });
    await waitFor(() => receiver.received.length === 1);
    const [received] = receiver.received;
    if (!received) throw new Error('nothing received');
    expect(verified(received, await secretOf(server.app, test))).toBe(true);
    expect(JSON.parse(received.body)).toMatchObject({
      requestId,
      status: 'success',
      result: { greeting: 'hi Ada' },
    });
    const deliveries = await server.app.webhooks.list(test.project.id, { requestId });
    expect(deliveries).toEqual([expect.objectContaining({ source: 'request', url: callback })]);
  });

  it('delivers every run of an executeWorkflowBatch to the request’s X-Callback-Url', async () => {
    const batch = {
      query:
        'mutation Batch($workflowId: String!, $payloads: [JSON!]!) { executeWorkflowBatch(workflowId: $workflowId, payloads: $payloads) { requestIds } }',
      variables: { workflowId: 'later', payloads: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
    };
    const answer = await postGraphql(server.endpoint, batch, {
      ...authHeaders(test),
      'X-Callback-Url': receiver.url,
    });
    const result = answer.body.data?.executeWorkflowBatch as { requestIds: string[] } | undefined;
    const requestIds = result?.requestIds ?? [];
    expect(requestIds).toHaveLength(3);
    await waitFor(() => receiver.received.length === 3);
    const delivered = receiver.received.map((received) => JSON.parse(received.body).requestId);
    expect(delivered.sort()).toEqual([...requestIds].sort());
  });

  it('refuses an X-Callback-Url that is not an http(s) URL with 400 INVALID_CALLBACK_URL', async () => {
    const answer = await postGraphql(server.endpoint, execute('greet'), {
      ...authHeaders(test),
      'X-Callback-Url': 'ftp://files.example/x',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/X-Callback-Url must be an http or https URL/),
      extensions: { code: 'INVALID_CALLBACK_URL' },
    });
  });

  it('repeats the hook when a finished run’s job comes back (its process died after the final record)', async () => {
    const requestId = randomUUID();
    const at = Date.now();
    const run: RunRecord = {
      requestId,
      projectId: test.project.id,
      flowId: 'greet',
      deploymentNumber: 1,
      mode: 'async',
      status: 'success',
      payload: { name: 'Bo' },
      result: { greeting: 'hi Bo' },
      error: null,
      apiKeyId: null,
      idempotencyKey: null,
      createdAt: at,
      startedAt: at,
      finishedAt: at + 5,
      durationMs: 5,
      totalTokens: null,
      costUsd: null,
    };
    await server.app.recorder.record({ run, nodes: [] });
    await server.app.queue.enqueue('run', requestId, { projectId: test.project.id, requestId });
    await waitFor(() => receiver.received.length === 1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({
      requestId,
      result: { greeting: 'hi Bo' },
    });
  });

  it('enqueues again a pending delivery whose job was lost', async () => {
    const requestId = await run(server.endpoint, test, 'later');
    await waitFor(
      async () => (await server.app.store.runs.get(test.project.id, requestId))?.run.status === 'success',
    );
    const lost = {
      id: 'whd_lost-job',
      projectId: test.project.id,
      requestId,
      flowId: 'later',
      source: 'request' as const,
      url: receiver.url,
      headers: {},
      body: '{"lost":true}',
      createdAt: Date.now() - 10 * 60_000,
    };
    await server.app.store.webhookDeliveries.create([lost]);
    const dispatcher = new WebhookDispatcher(server.app.store, server.app.queue, Date.now);
    expect(await dispatcher.requeueOverdue(5 * 60_000, 10)).toBe(1);
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]?.body).toBe('{"lost":true}');
  });

  it('retries a receiver that answers 500 twice and delivers on the third attempt', async () => {
    receiver.answerWith((count) => ({ status: count <= 2 ? 500 : 200 }));
    const requestId = await run(server.endpoint, test, 'greet');
    await waitFor(() =>
      deliveriesSettled(server.app, test, 1).then(async () => {
        const [delivery] = await server.app.webhooks.list(test.project.id, { requestId });
        return delivery?.status === 'delivered';
      }),
    );
    const [delivery] = await server.app.webhooks.list(test.project.id, { requestId });
    expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    expect(delivery?.attempts[0]?.error).toBe('HTTP 500: receiver says no');
    expect(new Set(receiver.received.map((received) => received.body)).size).toBe(1);
    expect(new Set(receiver.received.map((received) => received.headers['x-flowgate-delivery'])).size).toBe(
      1,
    );
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    receiver.answerWith((count) =>
      count === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    await run(server.endpoint, test, 'greet');
    await waitFor(() => receiver.received.length === 2);
    const [first, second] = receiver.received;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });
});
