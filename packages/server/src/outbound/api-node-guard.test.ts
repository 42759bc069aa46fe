import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  builtinNodeKinds,
  compileFlow,
  type EngineServices,
  executeFlow,
  NodeRegistry,
  noModelGateway,
} from '@flowgate/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedFetch } from './guarded-fetch.ts';

const registry = new NodeRegistry(builtinNodeKinds);
const received: string[] = [];
const server = createServer((request, response) => {
  received.push(`${request.method} ${request.url}`);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify([{ from: 'ana@example.com', subject: 'Quarterly numbers', body: 'See attached.' }]),
  );
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function services(allowHosts: string[]): EngineServices {
  return {
    sandbox: { run: () => Promise.reject(new Error('no code here')), close: () => Promise.resolve() },
    secrets: { forProject: () => Promise.resolve({}) },
    limits: { codeTimeoutMs: 1000, codeMemoryLimitBytes: 32 << 20 },
    http: new GuardedFetch({ allowHosts }),
    flows: { run: () => Promise.reject(new Error('no subflows here')) },
    models: noModelGateway,
  };
}

/** email-summariser's trigger → apiNode_490 (its values inlined, the URL pointed at `url`) → response. */
function emailSummariser(url: string) {
  return {
    id: 'email-summariser',
    name: 'Email Summariser',
    nodes: [
      {
        id: 'triggerNode_1',
        type: 'triggerNode',
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: { nodeName: 'API Request', responeType: 'realtime' },
        },
      },
      {
        id: 'apiNode_490',
        type: 'dynamicNode',
        data: {
          nodeId: 'apiNode',
          values: {
            nodeName: 'API',
            url,
            body: '',
            method: 'GET',
            headers: '',
            retries: '0',
            retry_deplay: '0',
          },
        },
      },
      {
        id: 'graphqlResponseNode_539',
        type: 'dynamicNode',
        data: {
          nodeId: 'graphqlResponseNode',
          values: { nodeName: 'API Response', outputMapping: '{\n  "output": "{{apiNode_490.output}}"\n}' },
        },
      },
    ],
    edges: [
      { id: 'a', source: 'triggerNode_1', target: 'apiNode_490', type: 'defaultEdge' },
      { id: 'b', source: 'apiNode_490', target: 'graphqlResponseNode_539', type: 'defaultEdge' },
      { id: 'c', source: 'triggerNode_1', target: 'graphqlResponseNode_539', type: 'responseEdge' },
    ],
  };
}

const run = (url: string, allowHosts: string[]) =>
  executeFlow(
    compileFlow(emailSummariser(url), registry),
    { requestId: 'r1', projectId: 'p1', payload: {} },
    services(allowHosts),
  );

describe('apiNode through the guarded fetch', () => {
  it("runs email-summariser's apiNode against a local webhook when 127.0.0.1 is allowed", async () => {
    const outcome = await run(`${origin}/webhook/8cfe684a-6b95-495f-b29d-afb7a2c012e2`, ['127.0.0.1']);
    expect(outcome.status).toBe('success');
    expect(outcome.result).toEqual({
      output: [{ from: 'ana@example.com', subject: 'Quarterly numbers', body: 'See attached.' }],
    });
    expect(received).toEqual(['GET /webhook/8cfe684a-6b95-495f-b29d-afb7a2c012e2']);
  });

  it('fails the run naming the node and how to allow the address', async () => {
    const local = await run(`${origin}/webhook/x`, []);
    expect(local.error).toMatchObject({
      nodeId: 'apiNode_490',
      code: 'HTTP_REFUSED',
      retryable: false,
      message:
        'apiNode_490: request to 127.0.0.1 refused: loopback address (allow it with FLOWGATE_ALLOW_HOSTS)',
    });
    const privateAddress = await run('http://10.0.0.5/webhook', ['127.0.0.1']);
    expect(privateAddress.error?.message).toBe(
      'apiNode_490: request to 10.0.0.5 refused: private address (allow it with FLOWGATE_ALLOW_HOSTS)',
    );
    expect(received).toHaveLength(1);
  });
});
