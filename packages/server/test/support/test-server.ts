import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type App, createApp } from '../../src/app.ts';
import { type ConfigInput, loadConfig } from '../../src/config/config.ts';
import type { CreatedApiKey } from '../../src/keys/api-key-service.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { ProjectView } from '../../src/projects/project-service.ts';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples');

export interface TestServer {
  app: App;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The Project URL: `${url}/graphql`. */
  endpoint: string;
  close(): Promise<void>;
}

/** A real Flowgate on 127.0.0.1 with a fresh SQLite data folder (or the given DATABASE_URL). */
export async function startTestServer(flags: Partial<ConfigInput> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-test-'));
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, logLevel: 'silent', ...flags });
  const app = await createApp(config, { logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  const address = await app.http().listen({ port: 0, host: '127.0.0.1' });
  // One process does everything, as `flowgate serve` in the embedded mode: it runs queued jobs too.
  await app.startWorker();
  return {
    app,
    url: address,
    endpoint: `${address}/graphql`,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestProject {
  project: ProjectView;
  key: CreatedApiKey;
}

/** A project with an API key and the given example flows deployed. */
export async function createTestProject(
  app: App,
  examples: readonly string[] = ['hello.json'],
): Promise<TestProject> {
  const { readFlowFiles } = await import('../../src/cli/flow-files.ts');
  const project = await app.projects.create(`test ${Math.random().toString(36).slice(2, 8)}`);
  const key = await app.apiKeys.create(project.id, { name: 'test key' });
  if (examples.length > 0) {
    await app.deploys.deploy(
      project.id,
      await readFlowFiles(examples.map((name) => path.join(EXAMPLES, name))),
    );
  }
  return { project, key };
}

export const EXECUTE_QUERY =
  'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }';

/** POSTs a GraphQL request the way Lamatic's curl snippet does; returns status, headers and parsed body. */
export async function postGraphql(
  endpoint: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: GraphqlBody }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: { code: string; [key: string]: unknown } }[];
}

export function authHeaders(test: TestProject): Record<string, string> {
  return { Authorization: `Bearer ${test.key.key}`, 'x-project-id': test.project.id };
}
