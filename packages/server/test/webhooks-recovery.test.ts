import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { flowgate } from './support/cli.ts';
import { createTestProject, startTestServer } from './support/test-server.ts';
import { deliveriesSettled, fast, greetFlow, run, secretOf, verified } from './support/webhook-flows.ts';
import { WebhookReceiver, waitFor } from './support/webhook-receiver.ts';

describe('a webhook receiver that is down for a while', () => {
  it('gets every delivery once it is back, each with a valid signature', async () => {
    const server = await startTestServer(fast);
    const port = await WebhookReceiver.freePort();
    let receiver: WebhookReceiver | undefined;
    try {
      const test = await createTestProject(server.app, []);
      await server.app.deploys.deploy(test.project.id, [
        greetFlow('greet', { webhookUrl: `http://127.0.0.1:${port}/hooks` }),
      ]);
      const requestIds = await Promise.all(
        Array.from({ length: 20 }, () => run(server.endpoint, test, 'greet')),
      );
      await waitFor(async () => {
        const deliveries = await server.app.webhooks.list(test.project.id);
        return deliveries.length === 20 && deliveries.every((delivery) => delivery.attempts.length >= 2);
      });
      const down = await server.app.webhooks.list(test.project.id);
      expect(down.every((delivery) => delivery.status === 'pending')).toBe(true);
      expect(down[0]?.attempts[0]).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/127\.0\.0\.1/),
      });
      expect(await server.app.webhooks.backlog()).toBe(20);

      receiver = await WebhookReceiver.start(() => ({ status: 200 }), port);
      await waitFor(() => deliveriesSettled(server.app, test, 20), 20_000);
      const secret = await secretOf(server.app, test);
      const delivered = new Set(receiver.received.map((received) => JSON.parse(received.body).requestId));
      expect([...delivered].sort()).toEqual([...requestIds].sort());
      expect(receiver.received.every((received) => verified(received, secret))).toBe(true);
      expect(await server.app.webhooks.backlog()).toBe(0);
    } finally {
      await server.close();
      await receiver?.close();
    }
  });
});

describe('webhook deliveries across a restart (embedded SQLite)', () => {
  it('delivers after the restart what was pending when the server stopped', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-webhook-restart-'));
    const port = await WebhookReceiver.freePort();
    const open = async () => {
      const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, logLevel: 'silent', ...fast });
      const app = await createApp(config, { logger: createLogger('silent') });
      await app.startWorker();
      return app;
    };
    let receiver: WebhookReceiver | undefined;
    let second: App | undefined;
    try {
      const first = await open();
      const endpoint = `${await first.http().listen({ port: 0, host: '127.0.0.1' })}/graphql`;
      const test = await createTestProject(first, []);
      await first.deploys.deploy(test.project.id, [
        greetFlow('greet', { webhookUrl: `http://127.0.0.1:${port}/in` }),
      ]);
      const requestId = await run(endpoint, test, 'greet');
      await waitFor(async () => ((await first.webhooks.list(test.project.id))[0]?.attempts.length ?? 0) >= 1);
      await first.close();

      receiver = await WebhookReceiver.start(() => ({ status: 200 }), port);
      second = await open();
      const app = second;
      await waitFor(() => deliveriesSettled(app, test, 1));
      const [received] = receiver.received;
      if (!received) throw new Error('nothing received after the restart');
      expect(JSON.parse(received.body).requestId).toBe(requestId);
      expect(verified(received, await secretOf(app, test))).toBe(true);
      expect((await app.webhooks.list(test.project.id))[0]?.status).toBe('delivered');
    } finally {
      await second?.close();
      await receiver?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('webhooks to private addresses', () => {
  it('are refused without FLOWGATE_ALLOW_HOSTS: one failed attempt with the reason, not retried', async () => {
    const server = await startTestServer({ ...fast, allowHosts: '' });
    try {
      const test = await createTestProject(server.app, []);
      const port = await WebhookReceiver.freePort();
      await server.app.deploys.deploy(test.project.id, [
        greetFlow('greet', { webhookUrl: `http://127.0.0.1:${port}/hooks` }),
      ]);
      await run(server.endpoint, test, 'greet');
      await waitFor(() => deliveriesSettled(server.app, test, 1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [delivery] = await server.app.webhooks.list(test.project.id);
      expect(delivery?.status).toBe('failed');
      expect(delivery?.attempts).toHaveLength(1);
      expect(delivery?.attempts[0]).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/refused.*FLOWGATE_ALLOW_HOSTS/),
      });
    } finally {
      await server.close();
    }
  });
});

describe('flowgate webhooks (CLI)', () => {
  it('shows the project’s secret (the same until rotated) and lists deliveries as JSON', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-webhooks-cli-'));
    const env = { FLOWGATE_DATA: dataDir };
    try {
      const project = JSON.parse(await flowgate(['project', 'create', '--name', 'hooks', '--json'], env));
      const secret = ['webhooks', 'secret', '--project', project.id, '--json'];
      const first = JSON.parse(await flowgate(secret, env));
      expect(first).toMatchObject({
        projectId: project.id,
        secret: expect.stringMatching(/^whsec_/),
        rotatedAt: null,
      });
      expect(JSON.parse(await flowgate(secret, env)).secret).toBe(first.secret);
      const rotated = JSON.parse(await flowgate([...secret, '--rotate'], env));
      expect(rotated.secret).not.toBe(first.secret);
      expect(rotated.rotatedAt).toEqual(expect.any(Number));
      expect(
        JSON.parse(await flowgate(['webhooks', 'list', '--project', project.id, '--json'], env)),
      ).toEqual([]);
      await expect(flowgate(['webhooks', 'list', '--project', 'nope', '--json'], env)).rejects.toThrow(
        /nope/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
