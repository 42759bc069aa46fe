import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestProject,
  EXECUTE_QUERY,
  type GraphqlBody,
  postGraphql,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

describe('the GraphQL contract clients depend on', () => {
  let server: TestServer;
  let a: TestProject;
  let b: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    a = await createTestProject(server.app, ['hello.json', 'triage.json']);
    b = await createTestProject(server.app, ['hello.json']);
  });
  afterAll(() => server.close());

  async function requestIdOf(test: TestProject, url: string): Promise<string> {
    const { body } = await postGraphql(
      server.endpoint,
      {
        query: 'query($p: JSON) { executeWorkflow(workflowId: "hello", payload: $p) { status requestId } }',
        variables: { p: { url } },
      },
      authHeaders(test),
    );
    const result = body.data?.executeWorkflow as { requestId: string } | undefined;
    if (!result) throw new Error(`no requestId in ${JSON.stringify(body)}`);
    return result.requestId;
  }

  it('accepts executeWorkflow as a mutation and on POST /', async () => {
    const mutation = EXECUTE_QUERY.replace(/^query/, 'mutation');
    for (const url of [server.endpoint, `${server.url}/`]) {
      const { status, body } = await postGraphql(
        url,
        { query: mutation, variables: { workflowId: 'hello', payload: { url: 'm' } } },
        authHeaders(a),
      );
      expect(status).toBe(200);
      expect(body.data?.executeWorkflow).toMatchObject({ status: 'success', result: { url: 'm' } });
    }
  });

  it('runs code and condition nodes end to end', async () => {
    const urgent = await postGraphql(
      server.endpoint,
      {
        query: EXECUTE_QUERY,
        variables: { workflowId: 'triage', payload: { title: 'Site down', body: 'urgent outage' } },
      },
      authHeaders(a),
    );
    expect(urgent.body.data?.executeWorkflow).toEqual({
      status: 'success',
      result: { queue: 'on-call', score: 6, matched: ['down', 'outage', 'urgent'] },
    });
    const normal = await postGraphql(
      server.endpoint,
      {
        query: EXECUTE_QUERY,
        variables: { workflowId: 'triage', payload: { title: 'Question about invoices' } },
      },
      authHeaders(a),
    );
    expect(normal.body.data?.executeWorkflow).toMatchObject({ result: { queue: 'support', score: 0 } });
  });

  it('answers checkStatus with and without a selection set', async () => {
    const requestId = await requestIdOf(a, 'https://status.test');
    const bare = await postGraphql(
      server.endpoint,
      {
        query: 'query CheckStatus($requestId: String!) { checkStatus(requestId: $requestId) }',
        variables: { requestId },
      },
      authHeaders(a),
    );
    expect(bare.body.data?.checkStatus).toMatchObject({
      status: 'success',
      output: { url: 'https://status.test' },
    });
    const selected = await postGraphql(
      server.endpoint,
      {
        query:
          'query CheckStatus($requestId: String!) { checkStatus(requestId: $requestId) { status result } }',
        variables: { requestId },
      },
      authHeaders(a),
    );
    expect(selected.status).toBe(200);
    expect(selected.body.data?.checkStatus).toEqual({
      status: 'success',
      result: { url: 'https://status.test', greeting: 'Hello from Flowgate' },
    });
  });

  it('records feedback for a run', async () => {
    const requestId = await requestIdOf(a, 'feedback');
    const { body } = await postGraphql(
      server.endpoint,
      {
        query:
          'mutation SubmitFeedback($requestId: String!, $rating: Int, $comment: String, $metadata: JSON) { submitFeedback(requestId: $requestId, rating: $rating, comment: $comment, metadata: $metadata) { success message data error } }',
        variables: { requestId, rating: 5, comment: 'great', metadata: { user: 'u1' } },
      },
      authHeaders(a),
    );
    expect(body.data?.submitFeedback).toMatchObject({
      success: true,
      message: 'Feedback recorded',
      error: null,
    });
    expect(await server.app.store.feedback.list(a.project.id, requestId)).toMatchObject([
      { rating: 5, comment: 'great', metadata: { user: 'u1' } },
    ]);
  });

  it('runs aliased root fields each with its own answer', async () => {
    const { status, body } = await postGraphql(
      server.endpoint,
      {
        query:
          'query { one: executeWorkflow(workflowId: "hello", payload: {url: "1"}) { status result } two: executeWorkflow(workflowId: "nope", payload: {}) { status } }',
      },
      authHeaders(a),
    );
    expect(status).toBe(200);
    expect(body.data?.one).toMatchObject({ result: { url: '1' } });
    expect(body.data?.two).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ path: ['two'], extensions: { code: 'WORKFLOW_NOT_FOUND' } });
  });

  it('infers the project from the key when x-project-id is absent', async () => {
    const { body } = await postGraphql(
      server.endpoint,
      { query: EXECUTE_QUERY, variables: { workflowId: 'hello', payload: { url: 'no header' } } },
      { Authorization: `Bearer ${a.key.key}` },
    );
    expect(body.data?.executeWorkflow).toMatchObject({ status: 'success' });
  });

  describe('tenant isolation', () => {
    it("refuses project A's key for project B (403), and unknown ids (404)", async () => {
      const { status, body } = await postGraphql(
        server.endpoint,
        { query: EXECUTE_QUERY, variables: { workflowId: 'hello', payload: { url: 'x' } } },
        { Authorization: `Bearer ${a.key.key}`, 'x-project-id': b.project.id },
      );
      expect(status).toBe(403);
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it("cannot checkStatus or give feedback on another project's run", async () => {
      const requestIdOfB = await requestIdOf(b, 'secret of B');
      const status = await postGraphql(
        server.endpoint,
        { query: 'query($id: String!) { checkStatus(requestId: $id) }', variables: { id: requestIdOfB } },
        authHeaders(a),
      );
      expect(status.status).toBe(404);
      expect(status.body.errors?.[0]?.extensions.code).toBe('RUN_NOT_FOUND');
      expect(JSON.stringify(status.body)).not.toContain('secret of B');
      const feedback = await postGraphql(
        server.endpoint,
        {
          query: 'mutation($id: String!) { submitFeedback(requestId: $id, rating: 1) { success error } }',
          variables: { id: requestIdOfB },
        },
        authHeaders(a),
      );
      expect((feedback.body as GraphqlBody).data?.submitFeedback).toMatchObject({ success: false });
    });

    it("runs only the caller's own deployment", async () => {
      await server.app.deploys.deploy(b.project.id, [
        {
          id: 'only-in-b',
          name: 'Only in B',
          nodes: [
            { id: 't', data: { nodeId: 'graphqlNode', trigger: true, values: {} } },
            { id: 'r', data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{"b":"yes"}' } } },
          ],
          edges: [{ source: 't', target: 'r' }],
        },
      ]);
      const { status } = await postGraphql(
        server.endpoint,
        { query: EXECUTE_QUERY, variables: { workflowId: 'only-in-b', payload: {} } },
        authHeaders(a),
      );
      expect(status).toBe(404);
    });
  });
});
