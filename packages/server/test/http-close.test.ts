import { describe, expect, it } from 'vitest';
import { waitFlow } from './support/slow-flows.ts';
import {
  createTestProject,
  EXECUTE_QUERY,
  type GraphqlBody,
  startTestServer,
} from './support/test-server.ts';
import { greetFlow } from './support/webhook-flows.ts';

describe('closing the HTTP server', () => {
  it('ends a keep-alive connection as soon as its running request is answered, not at the keep-alive timeout', async () => {
    const server = await startTestServer();
    try {
      const test = await createTestProject(server.app, []);
      await server.app.deploys.deploy(test.project.id, [waitFlow('slow', 1)]);
      // fetch keeps its connection alive after the answer: before the fix the close waited ~72 s for it.
      const running = fetch(server.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${test.key.key}`,
          'x-project-id': test.project.id,
        },
        body: JSON.stringify({ query: EXECUTE_QUERY, variables: { workflowId: 'slow', payload: {} } }),
      }).then((response) => response.json());
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await server.app.http().close();
      const closedAfterMs = Date.now() - started;
      expect(await running).toMatchObject({ data: { executeWorkflow: { status: 'success' } } });
      expect(closedAfterMs).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('ends the connections after error answers and requests their clients gave up on, not at the keep-alive timeout', async () => {
    const server = await startTestServer();
    try {
      const test = await createTestProject(server.app, []);
      await server.app.deploys.deploy(test.project.id, [
        greetFlow('fails', { fail: true }),
        waitFlow('slow', 2),
      ]);
      const post = (workflowId: string, signal?: AbortSignal) =>
        fetch(server.endpoint, {
          method: 'POST',
          ...(signal ? { signal } : {}),
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${test.key.key}`,
            'x-project-id': test.project.id,
          },
          body: JSON.stringify({ query: EXECUTE_QUERY, variables: { workflowId, payload: { name: 'Ada' } } }),
        });
      const failedCode = async () =>
        ((await (await post('fails')).json()) as GraphqlBody).errors?.[0]?.extensions.code;
      expect(await failedCode()).toBe('WORKFLOW_FAILED');
      // A client that gives up on a running flow, then the kept-alive connection serves another answer.
      await post('slow', AbortSignal.timeout(300)).catch(() => undefined);
      await post('slow', AbortSignal.timeout(100)).catch(() => undefined);
      expect(await failedCode()).toBe('WORKFLOW_FAILED');
      const started = Date.now();
      await server.app.http().close();
      // Without the fix this close waits for the keep-alive timeout (~70 s; the test times out).
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });
});
