/**
 * Webhook callbacks in the distributed mode's parts: deliveries recorded in PostgreSQL (a schema of
 * their own) and carried by BullMQ on Redis (a key prefix of their own), retries as delayed jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from './support/postgres-schema.ts';
import { createRedisPrefix, TEST_REDIS_URL } from './support/redis-prefix.ts';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';
import { deliveriesSettled, fast, greetFlow, run, secretOf, verified } from './support/webhook-flows.ts';
import { WebhookReceiver, waitFor } from './support/webhook-receiver.ts';

describe('webhook callbacks on PostgreSQL + BullMQ', () => {
  let database: Awaited<ReturnType<typeof createTestSchema>>;
  let redis: ReturnType<typeof createRedisPrefix>;
  let server: TestServer;
  let receiver: WebhookReceiver;
  let test: TestProject;
  let downPort: number;

  beforeAll(async () => {
    database = await createTestSchema();
    redis = createRedisPrefix();
    server = await startTestServer({
      ...fast,
      databaseUrl: database.url,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: redis.prefix,
    });
    receiver = await WebhookReceiver.start((count) => ({ status: count <= 2 ? 500 : 200 }));
    downPort = await WebhookReceiver.freePort();
    test = await createTestProject(server.app, []);
    await server.app.deploys.deploy(test.project.id, [
      greetFlow('greet', { webhookUrl: receiver.url }),
      greetFlow('later', { async: true, webhookUrl: `http://127.0.0.1:${downPort}/hooks` }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database?.drop();
    await redis?.drop();
  });

  it('retries through delayed jobs and delivers on the third attempt, signed', async () => {
    const requestId = await run(server.endpoint, test, 'greet');
    await waitFor(
      async () => (await server.app.webhooks.list(test.project.id, { requestId }))[0]?.status === 'delivered',
    );
    const [delivery] = await server.app.webhooks.list(test.project.id, { requestId });
    expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    const secret = await secretOf(server.app, test);
    expect(receiver.received.every((received) => verified(received, secret))).toBe(true);
  });

  it('gets every async run’s delivery to a receiver that was down, once it is back', async () => {
    const requestIds = await Promise.all(
      Array.from({ length: 20 }, () => run(server.endpoint, test, 'later')),
    );
    await waitFor(async () => {
      const deliveries = await server.app.webhooks.list(test.project.id, { limit: 100 });
      const later = deliveries.filter((delivery) => delivery.flowId === 'later');
      return later.length === 20 && later.every((delivery) => delivery.attempts.length >= 2);
    }, 20_000);
    const back = await WebhookReceiver.start(() => ({ status: 200 }), downPort);
    try {
      await waitFor(() => deliveriesSettled(server.app, test, 21), 20_000);
      const secret = await secretOf(server.app, test);
      const delivered = new Set(back.received.map((received) => JSON.parse(received.body).requestId));
      expect([...delivered].sort()).toEqual([...requestIds].sort());
      expect(back.received.every((received) => verified(received, secret))).toBe(true);
      expect(await server.app.webhooks.backlog()).toBe(0);
    } finally {
      await back.close();
    }
  });
});
