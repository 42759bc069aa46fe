import type { ConfigInput } from '../../../server/src/config/config.ts';
import {
  createTestProject,
  startTestServer,
  type TestProject,
  type TestServer,
} from '../../../server/test/support/test-server.ts';
import { Flowgate } from '../../src/index.ts';

export interface SdkFixture {
  server: TestServer;
  test: TestProject;
  /** A client of the project, with its API key. */
  client: Flowgate;
}

/** A real server on 127.0.0.1, a project with the example flows and `flows` deployed, and a client of it. */
export async function startSdkFixture(
  flows: readonly unknown[],
  options: { examples?: readonly string[]; flags?: Partial<ConfigInput> } = {},
): Promise<SdkFixture> {
  const server = await startTestServer(options.flags);
  const test = await createTestProject(server.app, options.examples ?? []);
  if (flows.length > 0) await server.app.deploys.deploy(test.project.id, [...flows]);
  const client = new Flowgate({
    endpoint: server.endpoint,
    projectId: test.project.id,
    apiKey: test.key.key,
  });
  return { server, test, client };
}
