import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { type ConfigInput, loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import {
  authHeaders,
  createTestProject,
  EXECUTE_QUERY,
  postGraphql,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

const EXECUTE_WITH_ID =
  'query Run($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result requestId } }';

describe('probes and metrics', () => {
  let server: TestServer;
  let guarded: TestServer;

  beforeAll(async () => {
    [server, guarded] = await Promise.all([
      startTestServer(),
      startTestServer({ metricsToken: 'scrape-token-1' }),
    ]);
  });
  afterAll(() => Promise.all([server.close(), guarded.close()]));

  it('answers /healthz and /readyz without a key', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);

    const store = server.app.store as { readiness: () => Promise<string[]> };
    const readiness = store.readiness;
    store.readiness = async () => ['database not reachable (ECONNREFUSED)'];
    try {
      const unready = await fetch(`${server.url}/readyz`);
      expect([unready.status, await unready.json()]).toEqual([
        503,
        { status: 'unavailable', problems: ['database not reachable (ECONNREFUSED)'] },
      ]);
    } finally {
      store.readiness = readiness;
    }
  });

  it('exposes request, run and process metrics in Prometheus text, labelled by operation, not by flow', async () => {
    const test = await createTestProject(server.app);
    const headers = authHeaders(test);
    const run = {
      query: EXECUTE_QUERY,
      variables: { workflowId: 'hello', payload: { url: 'https://m.test' } },
    };
    for (let index = 0; index < 3; index += 1)
      expect((await postGraphql(server.endpoint, run, headers)).status).toBe(200);
    const missing = { query: EXECUTE_QUERY, variables: { workflowId: 'customer-flow-42', payload: {} } };
    expect((await postGraphql(server.endpoint, missing, headers)).status).toBe(404);
    const status = { query: '{ checkStatus(requestId: "nope") }' };
    await postGraphql(server.endpoint, status, headers);
    await postGraphql(server.endpoint, run, { 'x-project-id': test.project.id });
    await fetch(`${server.url}/healthz`);
    const stream = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({
        query: 'subscription($p: JSON!) { executeWorkflowWithStream(workflowId: "hello", payload: $p) }',
        variables: { p: { url: 'https://m.test' } },
      }),
    });
    expect(await stream.text()).toContain('isFlowExecutionFinished');

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const count = (labels: string) =>
      Number(
        new RegExp(`^flowgate_http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(
          text,
        )?.[1],
      );
    expect(count('operation="executeWorkflow",status="200"')).toBe(3);
    expect(count('operation="executeWorkflow",status="404"')).toBe(1);
    expect(count('operation="checkStatus",status="404"')).toBe(1);
    expect(count('operation="executeWorkflowWithStream",status="200"')).toBe(1);
    // Refused before the document is read: the operation is not known yet.
    expect(count('operation="other",status="401"')).toBe(1);
    const httpLines = text.split('\n').filter((line) => line.startsWith('flowgate_http_'));
    expect(httpLines.join('\n')).not.toContain('customer-flow-42');
    expect(httpLines.join('\n')).not.toMatch(/healthz|metrics/);
    await server.app.recorder.flush();
    expect(text).toMatch(/^flowgate_runs_finished_total\{flow="hello",status="success"\} 4$/m);
    expect(text).toMatch(/^flowgate_run_duration_seconds_count\{mode="sync",status="success"\} 3$/m);
    expect(text).toContain('flowgate_webhook_backlog 0');
    // The embedded queue is wired: its depth is read on scrape.
    expect(text).toMatch(/^flowgate_queue_jobs\{kind="run",state="waiting"\} 0$/m);
    expect(text).toMatch(/^flowgate_queue_oldest_age_seconds\{kind="run"\} 0$/m);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('asks for the bearer token when one is configured', async () => {
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${guarded.url}/metrics`, {
      headers: { Authorization: 'Bearer scrape-token-2' },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${guarded.url}/metrics`, {
      headers: { Authorization: 'Bearer scrape-token-1' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('flowgate_http_request_duration_seconds');
    expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
  });
});

/** An app whose logger writes into memory, listening on 127.0.0.1. */
async function startLoggedServer(flags: Partial<ConfigInput> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-logs-'));
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, ...flags });
  const app: App = await createApp(config, { logger: createLogger('trace', sink) });
  const url = await app.http().listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    endpoint: `${url}/graphql`,
    url,
    log: () => output,
    lines: () =>
      output
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe('structured request logs', () => {
  it('writes one line per request, and never the key, not even when the request fails inside', async () => {
    const server = await startLoggedServer();
    try {
      const test = await createTestProject(server.app);
      const headers = authHeaders(test);
      const key = test.key.key;
      const run = {
        query: EXECUTE_WITH_ID,
        variables: { workflowId: 'hello', payload: { url: 'https://l.test', apiKey: key } },
      };
      const ok = await postGraphql(server.endpoint, run, { ...headers, Cookie: `session=${key}` });
      expect(ok.status).toBe(200);
      const requestId = (ok.body.data?.executeWorkflow as { requestId?: string } | undefined)?.requestId;

      // A bug that quotes the caller's credentials in an error message must not leak them either.
      const leaky = server.app.runs as unknown as { checkStatus: () => Promise<never> };
      leaky.checkStatus = () => Promise.reject(new Error(`lookup failed for Authorization: Bearer ${key}`));
      const failed = await postGraphql(
        server.endpoint,
        { query: '{ checkStatus(requestId: "r") }' },
        headers,
      );
      expect(failed.body.errors?.[0]?.extensions.code).toBe('INTERNAL');
      await postGraphql(server.endpoint, run, {
        Authorization: `Bearer ${key}x`,
        'x-project-id': test.project.id,
      });
      await postGraphql(server.endpoint, run, {
        'X-Lamatic-Signature': `${key}.sig`,
        'x-project-id': test.project.id,
      });
      await fetch(`${server.url}/webhooks/${test.project.id}/hello`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': key },
        body: '{}',
      });
      await fetch(`${server.url}/healthz`);

      expect(server.log()).toContain('unexpected error');
      expect(server.log()).not.toContain(key);
      expect(server.log()).not.toContain(key.slice(3, 30));
      const requests = server.lines().filter((line) => line.msg === 'request');
      const info = requests.filter((line) => line.level === 30);
      expect(info[0]).toMatchObject({
        method: 'POST',
        route: '/graphql',
        operation: 'executeWorkflow',
        status: 200,
        requestId,
        projectId: test.project.id,
      });
      expect(typeof info[0]?.durationMs).toBe('number');
      expect(info[1]).toMatchObject({ operation: 'checkStatus', status: 500, requestId: expect.any(String) });
      expect(info.map((line) => line.status)).toEqual([200, 500, 401, 403, 404]);
      expect(info[4]).toMatchObject({ route: '/webhooks/:projectId/:flowId', projectId: test.project.id });
      // Probes are logged at debug only.
      expect(requests.find((line) => line.route === '/healthz')?.level).toBe(20);
    } finally {
      await server.close();
    }
  });

  it('samples request lines (0 turns them off) but always logs 5xx answers', async () => {
    const server = await startLoggedServer({ requestLogSample: 0 });
    try {
      const test = await createTestProject(server.app);
      const run = {
        query: EXECUTE_QUERY,
        variables: { workflowId: 'hello', payload: { url: 'https://l.test' } },
      };
      for (let index = 0; index < 5; index += 1) await postGraphql(server.endpoint, run, authHeaders(test));
      const leaky = server.app.runs as unknown as { checkStatus: () => Promise<never> };
      leaky.checkStatus = () => Promise.reject(new Error('store exploded'));
      await postGraphql(server.endpoint, { query: '{ checkStatus(requestId: "r") }' }, authHeaders(test));
      const requests = server.lines().filter((line) => line.msg === 'request');
      expect(requests.map((line) => line.status)).toEqual([500]);
    } finally {
      await server.close();
    }
  });
});
