import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

describe('GraphQL over HTTP (graphql-http audit)', () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app);
  });
  afterAll(() => server.close());

  it('passes every MUST of the spec', async () => {
    const results = await auditServer({
      url: server.endpoint,
      fetchFn: (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...Object.fromEntries(new Headers(init?.headers)), ...authHeaders(test) },
        }),
    });
    const failedMust = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
    expect(
      failedMust.map((result) => `${result.name}: ${result.status === 'ok' ? '' : result.reason}`),
    ).toEqual([]);
  });
});
