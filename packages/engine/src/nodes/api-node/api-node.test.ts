import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFlow } from '../../compile/compile-flow.ts';
import type { EngineServices } from '../../execute/engine-services.ts';
import { executeFlow } from '../../execute/execute-flow.ts';
import { services as fixtureServices } from '../../execute/flow-fixtures.test-support.ts';
import { fetchOutboundHttp } from '../../http/fetch-outbound-http.test-support.ts';
import {
  sendJson,
  startTestHttpServer,
  type TestHttpServer,
} from '../../http/test-http-server.test-support.ts';
import type { JsonValue } from '../../json.ts';
import { builtinNodeKinds } from '../builtin-kinds.ts';
import { NodeRegistry } from '../registry.ts';

const registry = new NodeRegistry(builtinNodeKinds);
/** The executor fixtures' ports, with real HTTP and a project secret. */
const services: EngineServices = {
  ...fixtureServices,
  secrets: { forProject: () => Promise.resolve({ API_TOKEN: 'tok-secret-123' }) },
  http: fetchOutboundHttp,
};

let server: TestHttpServer;
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  server = await startTestHttpServer(async (request, response) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/json') return sendJson(response, 200, { ok: true, items: [1, 2] });
    if (path === '/echo')
      return sendJson(response, 200, {
        method: request.method,
        body: request.body,
        headers: request.headers,
      });
    if (path === '/text') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('plain words');
    }
    if (path === '/xml') {
      response.writeHead(200, { 'content-type': 'application/atom+xml' });
      return void response.end(
        '<?xml version="1.0"?><feed><entry id="1"><title>A &amp; B</title></entry><entry id="2"><title>C</title></entry></feed>',
      );
    }
    if (path.startsWith('/flaky/')) {
      const left = failuresLeft.get(path) ?? 0;
      failuresLeft.set(path, left - 1);
      if (left > 0) return sendJson(response, 500, { error: 'try later' });
      return sendJson(response, 200, { recovered: true });
    }
    if (path === '/missing') return sendJson(response, 404, { error: 'no such thing' });
    if (path === '/slow') {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return sendJson(response, 200, { late: true });
    }
    if (path.startsWith('/webhook/'))
      return sendJson(response, 200, [{ subject: 'Hi', body: 'Lunch at noon?' }]);
    sendJson(response, 404, { error: `no route ${path}` });
  });
});
afterAll(() => server.close());

/** trigger → apiNode_1 → response returning the node's output. */
function apiFlow(values: Record<string, unknown>, mapping = '{"result":"{{apiNode_1.output}}"}') {
  return {
    id: 'api-flow',
    name: 'API flow',
    nodes: [
      { id: 'triggerNode_1', data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: '' } } },
      { id: 'apiNode_1', data: { nodeId: 'apiNode', values: { nodeName: 'API', ...values } } },
      { id: 'response', data: { nodeId: 'graphqlResponseNode', values: { outputMapping: mapping } } },
    ],
    edges: [
      { source: 'triggerNode_1', target: 'apiNode_1', type: 'defaultEdge' },
      { source: 'apiNode_1', target: 'response', type: 'defaultEdge' },
    ],
  };
}

async function runApi(values: Record<string, unknown>, payload: JsonValue = {}) {
  const outcome = await executeFlow(
    compileFlow(apiFlow(values), registry),
    { requestId: 'r1', projectId: 'p1', payload },
    services,
  );
  const node = outcome.nodes.find((record) => record.nodeId === 'apiNode_1');
  return { outcome, node, result: (outcome.result as { result?: JsonValue } | null)?.result };
}

describe('apiNode', () => {
  it('returns a JSON body as JSON, with templated url and headers, and redacts the trace', async () => {
    const { outcome, node, result } = await runApi(
      {
        url: `${server.origin}/{{triggerNode_1.output.path}}?api_key={{secrets.project.API_TOKEN}}`,
        method: 'GET',
        headers:
          '{"Authorization":"Bearer {{secrets.project.API_TOKEN}}","X-Trace":"{{triggerNode_1.output.trace}}"}',
        retries: '0',
        retry_deplay: '0',
      },
      { path: 'json', trace: 't-1' },
    );
    expect(outcome.status).toBe('success');
    expect(result).toEqual({ ok: true, items: [1, 2] });
    const sent = server.requests.at(-1);
    expect(sent?.url).toBe('/json?api_key=tok-secret-123');
    expect(sent?.headers.authorization).toBe('Bearer tok-secret-123');
    expect(sent?.headers['x-trace']).toBe('t-1');
    expect(node?.input).toEqual({
      method: 'GET',
      url: `${server.origin}/json?api_key=[redacted]`,
      headers: expect.objectContaining({ Authorization: '[redacted]', 'X-Trace': 't-1' }),
    });
    expect(JSON.stringify(node)).not.toContain('tok-secret-123');
    expect(node?.logs.at(-1)).toMatch(/^GET 127\.0\.0\.1:\d+ answered 200 in \d+ ms \(json\)$/);
  });

  it('returns text as text, and XML as JSON when asked to convert it', async () => {
    expect((await runApi({ url: `${server.origin}/text` })).result).toBe('plain words');
    const xml = await runApi({ url: `${server.origin}/xml`, convertXmlResponseToJson: true });
    expect(xml.result).toEqual({
      feed: {
        entry: [
          { title: 'A & B', '@_id': '1' },
          { title: 'C', '@_id': '2' },
        ],
      },
    });
    const raw = await runApi({ url: `${server.origin}/xml`, convertXmlResponseToJson: false });
    expect(raw.result).toMatch(/^<\?xml/);
  });

  it('sends a templated JSON body with text escaped and a JSON content type', async () => {
    const { result } = await runApi(
      {
        url: `${server.origin}/echo`,
        method: 'POST',
        body: '{"note": "{{triggerNode_1.output.note}}", "tags": "{{triggerNode_1.output.tags}}", "fixed": 1}',
      },
      { note: 'say "hi"\nbye', tags: ['a', 'b'] },
    );
    const echoed = result as { method: string; body: string; headers: Record<string, string> };
    expect(echoed.method).toBe('POST');
    expect(JSON.parse(echoed.body)).toEqual({ note: 'say "hi"\nbye', tags: ['a', 'b'], fixed: 1 });
    expect(echoed.headers['content-type']).toBe('application/json');
  });

  it('sends object bodies, lone-template bodies and text bodies', async () => {
    const object = await runApi(
      { url: `${server.origin}/echo`, method: 'PUT', body: { n: '{{triggerNode_1.output.n}}' } },
      { n: 5 },
    );
    expect(JSON.parse((object.result as { body: string }).body)).toEqual({ n: 5 });
    const whole = await runApi(
      { url: `${server.origin}/echo`, method: 'POST', body: '{{triggerNode_1.output}}' },
      { a: 1 },
    );
    expect(JSON.parse((whole.result as { body: string }).body)).toEqual({ a: 1 });
    const text = await runApi(
      { url: `${server.origin}/echo`, method: 'POST', body: 'count={{triggerNode_1.output.n}}' },
      { n: 3 },
    );
    expect(text.result).toMatchObject({
      body: 'count=3',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  });

  it('retries a 500 and succeeds, logging the failed attempt', async () => {
    failuresLeft.set('/flaky/a', 1);
    const { outcome, node, result } = await runApi({
      url: `${server.origin}/flaky/a`,
      retries: '2',
      retry_delay: '0',
    });
    expect(outcome.status).toBe('success');
    expect(result).toEqual({ recovered: true });
    expect(server.requests.filter((request) => request.url === '/flaky/a')).toHaveLength(2);
    expect(node?.logs[0]).toContain('attempt 1 failed: apiNode_1: GET 127.0.0.1');
  });

  it('fails after the retries are used up, as retryable', async () => {
    failuresLeft.set('/flaky/b', 5);
    const { outcome } = await runApi({ url: `${server.origin}/flaky/b`, retries: 1, retry_deplay: 0 });
    expect(server.requests.filter((request) => request.url === '/flaky/b')).toHaveLength(2);
    expect(outcome.error).toMatchObject({ nodeId: 'apiNode_1', code: 'HTTP_STATUS', retryable: true });
    expect(outcome.error?.message).toMatch(
      /^apiNode_1: GET 127\.0\.0\.1:\d+ answered 500 Internal Server Error: \{"error":"try later"\}$/,
    );
  });

  it('does not retry a 404 and names method, host, status and body', async () => {
    const before = server.requests.length;
    const { outcome } = await runApi({ url: `${server.origin}/missing`, method: 'DELETE', retries: '3' });
    expect(server.requests.length - before).toBe(1);
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ code: 'HTTP_STATUS', retryable: false });
    expect(outcome.error?.message).toMatch(
      /^apiNode_1: DELETE 127\.0\.0\.1:\d+ answered 404 Not Found: \{"error":"no such thing"\}$/,
    );
  });

  it('times out', async () => {
    const started = performance.now();
    const { outcome } = await runApi({ url: `${server.origin}/slow`, timeout: 0.2 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(outcome.error).toMatchObject({ code: 'HTTP_TIMEOUT', retryable: true });
    expect(outcome.error?.message).toMatch(/^apiNode_1: request to 127\.0\.0\.1:\d+ timed out after 200 ms$/);
  });

  it("runs email-summariser's apiNode values against a local webhook", async () => {
    const values = {
      nodeName: 'API',
      url: `${server.origin}/webhook/8cfe684a-6b95-495f-b29d-afb7a2c012e2`,
      body: '',
      method: 'GET',
      headers: '',
      retries: '0',
      retry_deplay: '0',
    };
    const definition = apiFlow(
      values,
      '{"emails":"{{apiNode_1.output}}","first":"{{apiNode_1.output[0].subject}}"}',
    );
    const outcome = await executeFlow(
      compileFlow(definition, registry),
      { requestId: 'r2', projectId: 'p1', payload: {} },
      services,
    );
    expect(outcome.result).toEqual({ emails: [{ subject: 'Hi', body: 'Lunch at noon?' }], first: 'Hi' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });
});

describe('apiNode compile', () => {
  function compileProblems(values: Record<string, unknown>): string {
    try {
      const compiled = compileFlow(apiFlow(values), registry);
      return `warnings: ${compiled.warnings.join('; ')}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('lists every problem in the values', () => {
    const message = compileProblems({
      url: 'ftp://x',
      method: 'FETCH',
      retries: 'many',
      retry_delay: -1,
      timeout: 'x',
    });
    expect(message).toContain('url "ftp://x" must start with http:// or https://');
    expect(message).toContain('method "FETCH" is not one of GET, POST');
    expect(message).toContain('retries must be a whole number from 0 to 10');
    expect(message).toContain('retry_delay must be a number of seconds');
    expect(message).toContain('timeout must be a number of seconds');
    expect(compileProblems({ url: '' })).toContain('url is empty');
    expect(compileProblems({ url: 'http://x', headers: 'Accept: text/plain' })).toContain(
      'headers must be a JSON object',
    );
  });

  it('reads a large retry_delay as milliseconds, with a warning', () => {
    expect(compileProblems({ url: 'http://x', retries: '2', retry_delay: '1000' })).toContain(
      'retry_delay 1000 is read as milliseconds (1 s)',
    );
  });
});
