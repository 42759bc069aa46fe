import jsonwebtoken from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from '../../server/test/support/test-server.ts';
import { Flowgate, ForbiddenError, InvalidPayloadError } from '../src/index.ts';
import { FlakyProxy, type ProxyStep } from './support/flaky-proxy.ts';

describe('retries: backoff on transient failures, never a flow run twice', () => {
  let server: TestServer;
  let test: TestProject;
  let proxy: FlakyProxy | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app, ['hello.json']);
  });
  afterEach(() => proxy?.close());
  afterAll(() => server.close());

  async function through(script: (count: number) => ProxyStep) {
    proxy = await FlakyProxy.start(server.url, script);
    const retries: string[] = [];
    const client = new Flowgate({
      endpoint: proxy.endpoint,
      projectId: test.project.id,
      apiKey: test.key.key,
      retry: { baseDelayMs: 50 },
      onRetry: ({ error }) => retries.push(error.code),
    });
    return { client, retries, proxy };
  }

  async function runsOf(url: string) {
    await server.app.recorder.flush();
    const runs = await server.app.store.runs.list(test.project.id, { limit: 1000 });
    return runs.filter((run) => JSON.stringify(run.payload).includes(url));
  }

  it('retries two 503s and succeeds on the third attempt', async () => {
    const { client, retries, proxy } = await through((count) => (count <= 2 ? 'unavailable' : 'pass'));
    const answer = await client.executeWorkflow('hello', { url: 'https://503.test' });
    expect(answer.result).toMatchObject({ url: 'https://503.test' });
    expect(retries).toEqual(['SERVER_UNAVAILABLE', 'SERVER_UNAVAILABLE']);
    expect(proxy.seen.map((request) => request.step)).toEqual(['unavailable', 'unavailable', 'pass']);
    expect(await runsOf('https://503.test')).toHaveLength(1);
  });

  it('runs the flow once when the connection drops twice after the server ran it', async () => {
    const { client, retries, proxy } = await through((count) => (count <= 2 ? 'drop-after-forward' : 'pass'));
    const answer = await client.executeWorkflow('hello', { url: 'https://dropped.test' });
    expect(answer.result).toMatchObject({ url: 'https://dropped.test' });
    expect(retries).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']);
    // Three requests reached the server, all with one Idempotency-Key: one run.
    const keys = new Set(proxy.seen.map((request) => request.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    const runs = await runsOf('https://dropped.test');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.requestId).toBe(answer.requestId);
  });

  it('waits what Retry-After says on a 429, then succeeds', async () => {
    const { client, retries, proxy } = await through((count) => (count === 1 ? 'rate-limit' : 'pass'));
    await client.executeWorkflow('hello', { url: 'https://429.test' });
    expect(retries).toEqual(['RATE_LIMITED']);
    const [first, second] = proxy.seen;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('never retries another 4xx', async () => {
    const { client, retries, proxy } = await through(() => 'pass');
    await expect(client.executeWorkflow('hello', { url: 7 })).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(retries).toEqual([]);
    expect(proxy.seen).toHaveLength(1);
  });

  it('refreshes a rejected access token once and tries again', async () => {
    const { secret } = await server.app.secretKeys.create(test.project.id);
    const expired = jsonwebtoken.sign(
      { project_id: test.project.id, exp: Math.floor(Date.now() / 1000) - 60 },
      secret,
    );
    const rejected: ForbiddenError[] = [];
    const client = new Flowgate({
      endpoint: server.endpoint,
      projectId: test.project.id,
      accessToken: expired,
      refreshAccessToken: (error) => {
        rejected.push(error);
        return jsonwebtoken.sign({ project_id: test.project.id }, secret, { expiresIn: '5m' });
      },
    });
    const answer = await client.executeWorkflow('hello', { url: 'https://token.test' });
    expect(answer.result).toMatchObject({ url: 'https://token.test' });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.message).toMatch(/expired/);

    const stubborn = new Flowgate({
      endpoint: server.endpoint,
      projectId: test.project.id,
      accessToken: expired,
      refreshAccessToken: () => expired,
    });
    await expect(stubborn.executeWorkflow('hello', { url: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
