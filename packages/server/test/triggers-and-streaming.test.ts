import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestProject,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const trigger = {
  id: 'triggerNode_1',
  data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: '{"name":"string"}' } },
};
const response = (mapping: string) => ({
  id: 'response',
  data: { nodeId: 'graphqlResponseNode', values: { outputMapping: mapping } },
});

const slowFlow = {
  id: 'slow',
  name: 'Slow',
  nodes: [
    trigger,
    {
      id: 'greet',
      data: {
        nodeId: 'variablesNode',
        values: { mapping: '{"text":{"type":"string","value":"hi {{triggerNode_1.output.name}}"}}' },
      },
    },
    { id: 'pause', data: { nodeId: 'waitNode', values: { seconds: 1 } } },
    response('{"text":"{{greet.output.text}}"}'),
  ],
  edges: [
    { source: 'triggerNode_1', target: 'greet' },
    { source: 'greet', target: 'pause' },
    { source: 'pause', target: 'response' },
  ],
};

const callerFlow = {
  id: 'caller',
  name: 'Caller',
  nodes: [
    trigger,
    {
      id: 'call',
      data: {
        nodeId: 'flowNode',
        values: { flowId: 'callee', requestInput: '{"name":"{{triggerNode_1.output.name}}"}' },
      },
    },
    response('{"inner":"{{call.output.flowOutput}}"}'),
  ],
  edges: [
    { source: 'triggerNode_1', target: 'call' },
    { source: 'call', target: 'response' },
  ],
};

const calleeFlow = {
  id: 'callee',
  name: 'Callee',
  nodes: [trigger, response('{"upper":"{{triggerNode_1.output.name}}!"}')],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

const hookFlow = {
  id: 'hook',
  name: 'Hook',
  nodes: [
    {
      id: 'triggerNode_1',
      data: { nodeId: 'webhookTriggerNode', trigger: true, values: { secret: 's3cret' } },
    },
    response('{"event":"{{triggerNode_1.output.event}}"}'),
  ],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

const cronFlow = {
  id: 'every-second',
  name: 'Every second',
  nodes: [
    {
      id: 'triggerNode_1',
      data: {
        nodeId: 'cronNode',
        trigger: true,
        values: { cronExpression: '* * * * * *', cronTimezone: 'Europe/Paris' },
      },
    },
    response('{"at":"{{triggerNode_1.output.firedAt}}"}'),
  ],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

describe('streaming, sub-flows, webhooks and schedules', () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app, []);
    await server.app.deploys.deploy(test.project.id, [slowFlow, callerFlow, calleeFlow, hookFlow]);
  });
  afterAll(() => server.close());

  it('streams one frame per node before the flow finishes, then the result', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders(test) },
      body: JSON.stringify({
        query:
          'subscription ExecuteWorkflowWithStream($workflowId: String, $payload: JSON!) { executeWorkflowWithStream(workflowId: $workflowId, payload: $payload) }',
        variables: { workflowId: 'slow', payload: { name: 'Ada' } },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const frames: { at: number; chunk: Record<string, unknown> }[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (data) {
          const parsed = JSON.parse(data.slice(6)) as {
            data: { executeWorkflowWithStream: Record<string, unknown> };
          };
          frames.push({ at: performance.now(), chunk: parsed.data.executeWorkflowWithStream });
        }
        end = buffer.indexOf('\n\n');
      }
    }
    const greet = frames.find((frame) => frame.chunk.nodeId === 'greet');
    const last = frames.at(-1);
    expect(greet?.chunk).toMatchObject({
      status: 'success',
      data: { text: 'hi Ada' },
      isNodeExecutionFinished: true,
    });
    expect(last?.chunk).toMatchObject({
      status: 'success',
      data: { text: 'hi Ada' },
      isFlowExecutionFinished: true,
    });
    expect((last?.at ?? 0) - (greet?.at ?? 0)).toBeGreaterThan(800);
  });

  it('answers stream errors before streaming as plain JSON', async () => {
    const { status, body } = await postGraphql(
      server.endpoint,
      {
        query: 'subscription($p: JSON!) { executeWorkflowWithStream(workflowId: "nope", payload: $p) }',
        variables: { p: {} },
      },
      { ...authHeaders(test), accept: 'text/event-stream' },
    );
    expect(status).toBe(404);
    expect(body.errors?.[0]?.extensions.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('calls another flow with flowNode', async () => {
    const { body } = await postGraphql(
      server.endpoint,
      {
        query: 'query($p: JSON) { executeWorkflow(workflowId: "caller", payload: $p) { status result } }',
        variables: { p: { name: 'Bo' } },
      },
      authHeaders(test),
    );
    expect(body.data?.executeWorkflow).toEqual({ status: 'success', result: { inner: { upper: 'Bo!' } } });
  });

  it('runs a webhook flow from its URL, checking its secret', async () => {
    const url = `${server.url}/webhooks/${test.project.id}/hook`;
    const refused = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"event":"x"}',
    });
    expect(refused.status).toBe(401);
    const accepted = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': 's3cret' },
      body: JSON.stringify({ event: 'push' }),
    });
    expect(accepted.status).toBe(202);
    const { requestId } = (await accepted.json()) as { requestId: string };
    const status = await waitForRun(requestId);
    expect(status).toMatchObject({ status: 'success', output: { event: 'push' } });
    const notWebhook = await fetch(`${server.url}/webhooks/${test.project.id}/slow`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(notWebhook.status).toBe(404);
  });

  it('runs a cron flow on its schedule while deployed', async () => {
    await server.app.deploys.deploy(test.project.id, [cronFlow]);
    await server.app.startBackground();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const runs = await server.app.store.runs.list(test.project.id, { limit: 50, flowId: 'every-second' });
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((run) => run.mode === 'schedule')).toBe(true);
  });

  async function waitForRun(requestId: string): Promise<unknown> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { body } = await postGraphql(
        server.endpoint,
        { query: 'query($id: String!) { checkStatus(requestId: $id) }', variables: { id: requestId } },
        authHeaders(test),
      );
      const status = body.data?.checkStatus as { status: string } | undefined;
      if (status && status.status !== 'in-progress') return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${requestId} did not finish`);
  }
});
