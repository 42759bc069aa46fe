import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestProject,
  EXECUTE_QUERY,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const failingFlow = {
  id: 'fails',
  name: 'Fails',
  nodes: [
    {
      id: 'triggerNode_1',
      data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: '{"reason":"string"}' } },
    },
    {
      id: 'codeNode_check',
      data: {
        nodeId: 'codeNode',
        values: { code: 'throw new Error("cannot continue: " + {{triggerNode_1.output.reason}});' },
      },
    },
    { id: 'response', data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{}' } } },
  ],
  edges: [
    { source: 'triggerNode_1', target: 'codeNode_check' },
    { source: 'codeNode_check', target: 'response' },
  ],
};

const execute = (workflowId: string, payload: unknown) => ({
  query: EXECUTE_QUERY,
  variables: { workflowId, payload },
});

describe('every row of the error table (DESIGN §1)', () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer({ bodyLimitBytes: 64 * 1024 });
    test = await createTestProject(server.app, ['hello.json', 'triage.json']);
  });
  afterAll(() => server.close());

  async function expectError(
    request: Promise<{
      status: number;
      body: { errors?: { message: string; extensions: { code: string } }[] };
    }>,
    status: number,
    code: string,
    message: RegExp,
  ) {
    const { status: actual, body } = await request;
    expect(actual).toBe(status);
    expect(body.errors?.[0]?.extensions.code).toBe(code);
    expect(body.errors?.[0]?.message).toMatch(message);
    return body;
  }

  it('401 without a key, saying how to send one', async () => {
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), { 'x-project-id': test.project.id }),
      401,
      'UNAUTHENTICATED',
      /Authorization: Bearer/,
    );
  });

  it('401 for a wrong key, without echoing it', async () => {
    const wrong = `${test.key.key.slice(0, -3)}abc`;
    const body = await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), {
        Authorization: `Bearer ${wrong}`,
        'x-project-id': test.project.id,
      }),
      401,
      'UNAUTHENTICATED',
      /not valid/,
    );
    expect(JSON.stringify(body)).not.toContain(wrong);
  });

  it('401 for a key sent without the Bearer prefix', async () => {
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), {
        Authorization: test.key.key,
        'x-project-id': test.project.id,
      }),
      401,
      'UNAUTHENTICATED',
      /Bearer/,
    );
  });

  it('401 for an expired key and for a revoked key, saying which', async () => {
    const expiring = await server.app.apiKeys.create(test.project.id, { expiresInMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), {
        Authorization: `Bearer ${expiring.key}`,
        'x-project-id': test.project.id,
      }),
      401,
      'UNAUTHENTICATED',
      /expired/,
    );
    const revoked = await server.app.apiKeys.create(test.project.id);
    const headers = { Authorization: `Bearer ${revoked.key}`, 'x-project-id': test.project.id };
    expect((await postGraphql(server.endpoint, execute('hello', { url: 'x' }), headers)).status).toBe(200);
    await server.app.apiKeys.revoke(test.project.id, revoked.id);
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), headers),
      401,
      'UNAUTHENTICATED',
      /revoked/,
    );
  });

  it('404 PROJECT_NOT_FOUND for an unknown project and for a project with no deployment', async () => {
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), {
        ...authHeaders(test),
        'x-project-id': '00000000-0000-4000-8000-000000000000',
      }),
      404,
      'PROJECT_NOT_FOUND',
      /does not exist/,
    );
    const empty = await createTestProject(server.app, []);
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x' }), authHeaders(empty)),
      404,
      'PROJECT_NOT_FOUND',
      /no deployment/,
    );
  });

  it('404 WORKFLOW_NOT_FOUND for an unknown workflow', async () => {
    await expectError(
      postGraphql(server.endpoint, execute('no-such-flow', {}), authHeaders(test)),
      404,
      'WORKFLOW_NOT_FOUND',
      /no-such-flow/,
    );
  });

  it('400 INVALID_PAYLOAD naming each field', async () => {
    const body = await expectError(
      postGraphql(server.endpoint, execute('triage', { body: 42, customerTier: ['x'] }), authHeaders(test)),
      400,
      'INVALID_PAYLOAD',
      /title is required.*body must be string, got number 42.*customerTier must be string, got an array/,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      fields: [
        { field: 'title', message: 'is required but missing' },
        { field: 'body', message: 'must be string, got number 42' },
        { field: 'customerTier', message: 'must be string, got an array' },
      ],
    });
    await expectError(
      postGraphql(server.endpoint, execute('hello', 'just a string'), authHeaders(test)),
      400,
      'INVALID_PAYLOAD',
      /must be a JSON object/,
    );
  });

  it('400 for malformed JSON, unparsable GraphQL, invalid GraphQL and wrong variable types', async () => {
    await expectError(
      postGraphql(server.endpoint, '{"query": ', authHeaders(test)),
      400,
      'BAD_REQUEST',
      /not valid JSON/,
    );
    await expectError(
      postGraphql(server.endpoint, { query: 'query { executeWorkflow(' }, authHeaders(test)),
      400,
      'BAD_REQUEST',
      /Syntax Error/,
    );
    await expectError(
      postGraphql(
        server.endpoint,
        { query: '{ executeWorkflow(workflowId: "hello") { nope } }' },
        authHeaders(test),
      ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot query field "nope"/,
    );
    await expectError(
      postGraphql(
        server.endpoint,
        { query: EXECUTE_QUERY, variables: { workflowId: 12 } },
        authHeaders(test),
      ),
      400,
      'BAD_REQUEST',
      /workflowId/,
    );
    await expectError(
      postGraphql(server.endpoint, { variables: {} }, authHeaders(test)),
      400,
      'BAD_REQUEST',
      /query/,
    );
  });

  it('413 for a body over the limit', async () => {
    await expectError(
      postGraphql(server.endpoint, execute('hello', { url: 'x'.repeat(70 * 1024) }), authHeaders(test)),
      413,
      'PAYLOAD_TOO_LARGE',
      /over the limit of 65536 bytes/,
    );
  });

  it('200 WORKFLOW_FAILED naming the node, with the requestId for the log', async () => {
    await server.app.deploys.deploy(test.project.id, [failingFlow]);
    const { status, body } = await postGraphql(
      server.endpoint,
      execute('fails', { reason: 'disk full' }),
      authHeaders(test),
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ executeWorkflow: null });
    const error = body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'WORKFLOW_FAILED', nodeId: 'codeNode_check' });
    expect(error?.message).toMatch(/codeNode_check.*disk full/);
    const requestId = String(error?.extensions.requestId);
    const status2 = await postGraphql(
      server.endpoint,
      { query: 'query($id: String!) { checkStatus(requestId: $id) }', variables: { id: requestId } },
      authHeaders(test),
    );
    expect(status2.body.data?.checkStatus).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/disk full/),
    });
  });

  it('refuses too deep or too wide documents', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: checkStatus(requestId: "x")`).join(' ');
    await expectError(
      postGraphql(server.endpoint, { query: `{ ${aliases} }` }, authHeaders(test)),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /101 root fields; the limit is 100/,
    );
  });

  it('answers unknown routes with a GraphQL error body', async () => {
    const response = await fetch(`${server.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});
