import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestProject,
  postGraphql,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

/** trigger → variables → apiNode (a server that fails, then answers) → response. */
function flakyFlow(url: string) {
  return {
    id: 'flaky',
    name: 'Flaky',
    nodes: [
      {
        id: 'triggerNode_1',
        data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: '{"q":"string"}' } },
      },
      {
        id: 'prepare',
        data: { nodeId: 'variablesNode', values: { mapping: '{"q":"{{triggerNode_1.output.q}}"}' } },
      },
      {
        id: 'apiNode_1',
        data: { nodeId: 'apiNode', values: { url: `${url}?q={{prepare.output.q}}`, method: 'GET' } },
      },
      {
        id: 'response',
        data: {
          nodeId: 'graphqlResponseNode',
          values: { outputMapping: '{"answer":"{{apiNode_1.output}}"}' },
        },
      },
    ],
    edges: [
      { source: 'triggerNode_1', target: 'prepare' },
      { source: 'prepare', target: 'apiNode_1' },
      { source: 'apiNode_1', target: 'response' },
    ],
  };
}

describe('Smart Retries', () => {
  let server: TestServer;
  let upstream: Server;
  let calls = 0;
  let failuresLeft = 0;

  beforeAll(async () => {
    upstream = createServer((_request, response) => {
      calls++;
      if (failuresLeft-- > 0) {
        response.writeHead(503).end('busy');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ allowHosts: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  async function run(projectSettings: { enabled: boolean } | undefined) {
    const test = await createTestProject(server.app, []);
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/data`;
    await server.app.deploys.deploy(test.project.id, [flakyFlow(url)]);
    if (projectSettings)
      await server.app.projects.setSmartRetries(test.project.id, {
        ...projectSettings,
        maxRetries: 2,
        delayMs: 50,
      });
    const answer = await postGraphql(
      server.endpoint,
      {
        query:
          'query($p: JSON) { executeWorkflow(workflowId: "flaky", payload: $p) { status result requestId } }',
        variables: { p: { q: 'x' } },
      },
      authHeaders(test),
    );
    return { test, answer };
  }

  it('is off by default: a transient failure fails the run', async () => {
    calls = 0;
    failuresLeft = 1;
    const { answer } = await run(undefined);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'WORKFLOW_FAILED',
      nodeId: 'apiNode_1',
    });
    expect(calls).toBe(1);
  });

  it('re-runs a failed flow from the last node that succeeded', async () => {
    calls = 0;
    failuresLeft = 2;
    const { test, answer } = await run({ enabled: true });
    const data = answer.body.data?.executeWorkflow as { result: unknown; requestId: string };
    expect(data.result).toEqual({ answer: { ok: true } });
    expect(calls).toBe(3);
    await server.app.recorder.flush();
    const stored = await server.app.store.runs.get(test.project.id, data.requestId);
    const prepare = stored?.nodes.find((node) => node.nodeId === 'prepare');
    expect(prepare?.status).toBe('success');
    expect(stored?.run.status).toBe('success');
  });

  it('refuses settings out of range', async () => {
    const test = await createTestProject(server.app, []);
    await expect(server.app.projects.setSmartRetries(test.project.id, { maxRetries: 9 })).rejects.toThrow(
      /from 1 to 5/,
    );
  });
});
