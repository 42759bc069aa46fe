import { describe, expect, it } from 'vitest';
import { waitFlow } from './support/slow-flows.ts';
import { createTestProject, EXECUTE_QUERY, startTestServer } from './support/test-server.ts';

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
});
