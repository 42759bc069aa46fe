import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFlow } from '../../server/test/support/slow-flows.ts';
import {
  createTestProject,
  type TestProject,
  type TestServer,
} from '../../server/test/support/test-server.ts';
import { greetFlow } from '../../server/test/support/webhook-flows.ts';
import { WebhookReceiver } from '../../server/test/support/webhook-receiver.ts';
import {
  AuthenticationError,
  ConfigurationError,
  Flowgate,
  FlowgateError,
  ForbiddenError,
  InvalidPayloadError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  WorkflowError,
} from '../src/index.ts';
import { startSdkFixture } from './support/sdk-fixture.ts';

describe('error classes, each from a real answer of the server', () => {
  let server: TestServer;
  let test: TestProject;
  let client: Flowgate;

  beforeAll(async () => {
    ({ server, test, client } = await startSdkFixture(
      [greetFlow('fails', { fail: true }), waitFlow('slow', 2)],
      {
        examples: ['hello.json'],
      },
    ));
  });
  afterAll(async () => {
    await server.close();
  });

  const caught = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('no error'),
      (error: unknown) => error,
    );

  it('answers the result and its requestId', async () => {
    const answer = await client.executeWorkflow('hello', { url: 'https://ok.test' });
    expect(answer.result).toMatchObject({ url: 'https://ok.test' });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('AuthenticationError (401 UNAUTHENTICATED) for an unknown key', async () => {
    const stranger = new Flowgate({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: 'fg_not_a_key',
    });
    const error = await caught(stranger.executeWorkflow('hello', { url: 'u' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, retryable: false });
  });

  it('ForbiddenError (403) for a key used with another project’s id', async () => {
    const other = await createTestProject(server.app, ['hello.json']);
    const crossed = new Flowgate({
      endpoint: server.endpoint,
      projectId: other.project.id,
      apiKey: test.key.key,
    });
    const error = await caught(crossed.executeWorkflow('hello', { url: 'u' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('NotFoundError with the code saying what is missing: project or workflow', async () => {
    const empty = await createTestProject(server.app, []);
    const undeployed = new Flowgate({
      endpoint: server.endpoint,
      projectId: empty.project.id,
      apiKey: empty.key.key,
    });
    const project = await caught(undeployed.executeWorkflow('hello', {}));
    expect(project).toBeInstanceOf(NotFoundError);
    expect(project).toMatchObject({ code: 'PROJECT_NOT_FOUND', status: 404 });
    const workflow = await caught(client.executeWorkflow('nope', {}));
    expect(workflow).toBeInstanceOf(NotFoundError);
    expect(workflow).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', status: 404 });
    expect((workflow as Error).message).toMatch(/No deployed workflow with id "nope"/);
    const run = await caught(client.status(randomUUID()));
    expect(run).toMatchObject({ code: 'RUN_NOT_FOUND', status: 404 });
  });

  it('InvalidPayloadError (400) with the field list', async () => {
    const error = await caught(client.executeWorkflow('hello', { url: 5 }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', status: 400 });
    expect((error as InvalidPayloadError).fields).toEqual([
      { field: 'url', message: 'must be string, got number 5' },
    ]);
  });

  it('RateLimitError (429) with retryAfterMs from Retry-After, when retries are off', async () => {
    const limited = await server.app.apiKeys.create(test.project.id, {
      name: 'one a second',
      rateLimitPerSecond: 1,
    });
    const once = new Flowgate({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: limited.key,
      retry: false,
    });
    const answers = await Promise.allSettled(
      [1, 2, 3, 4].map(() => once.executeWorkflow('hello', { url: 'u' })),
    );
    const refused = answers.find((answer) => answer.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(RateLimitError);
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterMs: 1000,
    });
  });

  it('WorkflowError naming the failed node, with the run’s requestId', async () => {
    const error = await caught(client.executeWorkflow('fails', { name: 'Ada' }));
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toMatchObject({ code: 'WORKFLOW_FAILED', nodeId: 'check' });
    expect((error as Error).message).toMatch(/no greeting today/);
    const requestId = (error as WorkflowError).requestId as string;
    await server.app.recorder.flush();
    expect(await server.app.store.runs.get(test.project.id, requestId)).toMatchObject({
      run: { status: 'error' },
    });
  });

  it('NetworkError when nothing listens, after its retries', async () => {
    const port = await WebhookReceiver.freePort();
    const retries: number[] = [];
    const nowhere = new Flowgate({
      endpoint: `http://127.0.0.1:${port}/graphql`,
      apiKey: 'fg_x',
      retry: { maxRetries: 2, baseDelayMs: 10 },
      onRetry: ({ retry }) => retries.push(retry),
    });
    const error = await caught(nowhere.executeWorkflow('hello', {}));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(retries).toEqual([1, 2]);
  });

  it('TimeoutError when the call’s timeoutMs passes; the caller’s abort is the caller’s reason', async () => {
    const started = performance.now();
    const error = await caught(client.executeWorkflow('slow', { n: 1 }, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left')), 100);
    const aborted = await caught(client.executeWorkflow('slow', { n: 2 }, { signal: controller.signal }));
    expect((aborted as Error).message).toBe('user left');
  });

  it('ConfigurationError lists every problem at once', () => {
    const env = process.env;
    process.env = {};
    try {
      const error = (() => {
        try {
          new Flowgate({ endpoint: 'ftp://x', timeoutMs: 0 });
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toBeInstanceOf(FlowgateError);
      expect((error as ConfigurationError).problems).toEqual([
        'endpoint "ftp://x" is not an http(s) URL',
        'apiKey or accessToken is missing (env FLOWGATE_API_KEY)',
        'timeoutMs must be more than 0',
      ]);
    } finally {
      process.env = env;
    }
  });

  it('never shows the key when the client is printed', () => {
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(test.key.key);
    expect(JSON.stringify(client) ?? '').not.toContain(test.key.key);
  });

  it('reads LAMATIC_* and FLOWGATE_* environment variables on Node', async () => {
    const env = process.env;
    process.env = {
      LAMATIC_PROJECT_ENDPOINT: server.endpoint,
      LAMATIC_PROJECT_ID: test.project.id,
      FLOWGATE_API_KEY: test.key.key,
    };
    try {
      const fromEnvironment = new Flowgate();
      expect((await fromEnvironment.executeWorkflow('hello', { url: 'env' })).result).toMatchObject({
        url: 'env',
      });
    } finally {
      process.env = env;
    }
  });
});
