/**
 * API Docs through the real server with a real session: generated from the active deployment (inputs
 * from `advance_schema`, outputs from `outputMapping`, the response mode), and an example body that
 * runs as it is against the project's GraphQL endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDocsView, StudioErrorBody } from '../src/studio/contract.ts';
import { StudioClient } from './support/studio-client.ts';
import {
  authHeaders,
  createTestProject,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const asyncFlow = {
  id: 'score-lead',
  name: 'Score a lead',
  description: 'Scores a sales lead later and calls back.',
  nodes: [
    {
      id: 'triggerNode_1',
      data: {
        nodeId: 'graphqlNode',
        trigger: true,
        values: {
          responeType: 'async',
          advance_schema: JSON.stringify({
            type: 'object',
            properties: {
              email: { type: 'string', description: 'Where the lead can be reached.' },
              seats: { type: 'integer' },
              tags: { type: 'array' },
            },
            required: ['email'],
          }),
        },
      },
    },
    {
      id: 'response',
      data: {
        nodeId: 'graphqlResponseNode',
        values: {
          outputMapping: JSON.stringify({
            email: '{{triggerNode_1.output.email}}',
            summary: 'Lead {{triggerNode_1.output.email}} scored',
            version: 2,
            details: { source: 'crm' },
          }),
        },
      },
    },
  ],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

const hookFlow = {
  id: 'hook',
  name: 'Hook',
  nodes: [
    { id: 'triggerNode_1', data: { nodeId: 'webhookTriggerNode', trigger: true, values: {} } },
    {
      id: 'response',
      data: {
        nodeId: 'graphqlResponseNode',
        values: { outputMapping: '{"event":"{{triggerNode_1.output.event}}"}' },
      },
    },
  ],
  edges: [{ source: 'triggerNode_1', target: 'response' }],
};

describe('Studio API docs', () => {
  let server: TestServer;
  let client: StudioClient;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    client = new StudioClient(server.url);
    await client.setup();
    test = await createTestProject(server.app, []);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('is empty before the first deploy', async () => {
    const docs = await client.get<ApiDocsView>(`/projects/${test.project.id}/api-docs`);
    expect(docs.status).toBe(200);
    expect(docs.body).toEqual({
      projectId: test.project.id,
      endpoint: `${server.url}/graphql`,
      deploymentNumber: null,
      flows: [],
    });
  });

  it("documents each deployed flow's inputs, outputs and mode, with a body that runs as it is", async () => {
    const { readFlowFiles } = await import('../src/cli/flow-files.ts');
    const { EXAMPLES } = await import('./support/test-server.ts');
    const hello = await readFlowFiles([`${EXAMPLES}/hello.json`]);
    await server.app.deploys.deploy(test.project.id, [...hello, asyncFlow, hookFlow]);
    const docs = await client.get<ApiDocsView>(`/projects/${test.project.id}/api-docs`);
    expect(docs.body.deploymentNumber).toBe(1);
    expect(docs.body.flows.map((flow) => [flow.flowId, flow.responseMode])).toEqual([
      ['hello', 'sync'],
      ['hook', 'webhook'],
      ['score-lead', 'async'],
    ]);
    const [helloDoc, , leadDoc] = docs.body.flows;
    expect(helloDoc?.input).toEqual([{ name: 'url', type: 'string', required: true, description: null }]);
    expect(helloDoc?.output.map((field) => [field.name, field.type])).toEqual([
      ['url', 'any'],
      ['greeting', 'any'],
    ]);
    expect(helloDoc?.output[0]?.description).toBe('From {{variablesNode_1.output.url}}.');
    expect(leadDoc?.description).toBe('Scores a sales lead later and calls back.');
    expect(leadDoc?.input).toEqual([
      { name: 'email', type: 'string', required: true, description: 'Where the lead can be reached.' },
      { name: 'seats', type: 'integer', required: false, description: null },
      { name: 'tags', type: 'array', required: false, description: null },
    ]);
    expect(leadDoc?.output).toEqual([
      { name: 'email', type: 'string', required: true, description: 'From {{triggerNode_1.output.email}}.' },
      {
        name: 'summary',
        type: 'string',
        required: true,
        description: 'From {{triggerNode_1.output.email}}.',
      },
      { name: 'version', type: 'number', required: true, description: null },
      { name: 'details', type: 'object', required: true, description: null },
    ]);
    expect(leadDoc?.exampleBody.variables).toEqual({
      workflowId: 'score-lead',
      payload: { email: 'person@example.com', seats: 1, tags: [] },
    });

    // The example runs against the endpoint the page shows, with the project's key.
    const ran = await postGraphql(docs.body.endpoint, helloDoc?.exampleBody, authHeaders(test));
    expect(ran.body.data?.executeWorkflow).toEqual({
      status: 'success',
      result: { url: 'https://example.com', greeting: 'Hello from Flowgate' },
    });
    const queued = await postGraphql(docs.body.endpoint, leadDoc?.exampleBody, authHeaders(test));
    expect(queued.body.data?.executeWorkflow).toMatchObject({ status: 'success' });
  });

  it('answers 404 for an unknown project and 401 without a session', async () => {
    const missing = await client.get<StudioErrorBody>('/projects/nope/api-docs');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const anonymous = await fetch(`${server.url}/studio/api/projects/${test.project.id}/api-docs`);
    expect(anonymous.status).toBe(401);
  });
});
