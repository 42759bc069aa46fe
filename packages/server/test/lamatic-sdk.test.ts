import { SignJWT } from 'jose';
import { Lamatic } from 'lamatic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

/** Signs a token the way Lamatic's docs do with jsonwebtoken: HS256 over the secret's UTF-8 bytes. */
function accessToken(secret: string, claims: Record<string, unknown>, expiresAt?: number): Promise<string> {
  const token = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt();
  if (expiresAt !== undefined) token.setExpirationTime(expiresAt);
  return token.sign(new TextEncoder().encode(secret));
}

describe('the official lamatic SDK', () => {
  let server: TestServer;
  let test: TestProject;
  let secret: string;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app);
    secret = (await server.app.secretKeys.create(test.project.id)).secret;
  });
  afterAll(() => server.close());

  it('executes a flow with an API key', async () => {
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: test.key.key,
    });
    const response = await lamatic.executeFlow('hello', { url: 'https://a.test' });
    expect(response).toEqual({
      status: 'success',
      result: { url: 'https://a.test', greeting: 'Hello from Flowgate' },
      statusCode: 200,
    });
  });

  it('executes a flow with an access token, and checkStatus finds the run', async () => {
    const token = await accessToken(
      secret,
      { project_id: test.project.id },
      Math.floor(Date.now() / 1000) + 3600,
    );
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      accessToken: token,
    });
    const response = await lamatic.executeFlow('hello', { url: 'https://token.test' });
    expect(response).toMatchObject({
      status: 'success',
      result: { url: 'https://token.test' },
      statusCode: 200,
    });
  });

  it('answers 403 to an expired token and to a token signed with another secret', async () => {
    const expired = await accessToken(
      secret,
      { project_id: test.project.id },
      Math.floor(Date.now() / 1000) - 60,
    );
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      accessToken: expired,
    });
    const refused = await lamatic.executeFlow('hello', { url: 'x' });
    expect(refused).toMatchObject({ status: 'error', statusCode: 403, result: null });
    expect(refused.message).toMatch(/expired/);

    const forged = await accessToken('not-the-project-secret', { project_id: test.project.id });
    lamatic.updateAccessToken(forged);
    const forgedAnswer = await lamatic.executeFlow('hello', { url: 'x' });
    expect(forgedAnswer).toMatchObject({ status: 'error', statusCode: 403 });
    expect(forgedAnswer.message).toMatch(/signature/);
  });

  it('checks the status of a finished run with the SDK', async () => {
    const requestId = await runAndGetRequestId(server, test);
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: test.key.key,
    });
    const status = await lamatic.checkStatus(requestId, 1, 10);
    expect(status).toMatchObject({
      status: 'success',
      statusCode: 200,
      output: { url: 'https://status.test' },
      result: { url: 'https://status.test' },
      data: { output: { result: { url: 'https://status.test' } } },
      input: { url: 'https://status.test' },
    });
    expect(
      (status as unknown as { nodes: { nodeId: string; status: string }[] }).nodes.map((n) => n.nodeId),
    ).toEqual(['triggerNode_1', 'variablesNode_1', 'responseNode_triggerNode_1']);
  });

  it('executes an agent with executeAgent', async () => {
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: test.key.key,
    });
    expect(await lamatic.executeAgent('hello', { url: 'agent' })).toMatchObject({
      status: 'success',
      result: { url: 'agent' },
    });
  });
});

async function runAndGetRequestId(server: TestServer, test: TestProject): Promise<string> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${test.key.key}`,
      'x-project-id': test.project.id,
    },
    body: JSON.stringify({
      query: 'query($p: JSON) { executeWorkflow(workflowId: "hello", payload: $p) { status requestId } }',
      variables: { p: { url: 'https://status.test' } },
    }),
  });
  const body = (await response.json()) as { data: { executeWorkflow: { requestId: string } } };
  return body.data.executeWorkflow.requestId;
}
