import type { App } from '../../src/app.ts';
import type { CredentialInput } from '../../src/credentials/credential-service.ts';
import {
  authHeaders,
  createTestProject,
  type GraphqlBody,
  postGraphql,
  type TestProject,
} from './test-server.ts';

/** Flows and helpers for the LLM integration tests. */
export const KITS = new URL('../../../../../shared/lamatic-kits/', import.meta.url);

export interface ModelConfigValue {
  provider_name?: string;
  model_name?: string;
  credential_name?: string;
  params?: Record<string, unknown>;
}

/** trigger(topic) → one LLM node `LLMNode_1` → response `{answer, meta}` (or the node's whole output). */
export function llmFlow(
  id: string,
  generativeModelName: ModelConfigValue | string,
  options: { kind?: 'LLMNode' | 'InstructorLLMNode'; values?: Record<string, unknown> } = {},
) {
  const kind = options.kind ?? 'LLMNode';
  const model =
    typeof generativeModelName === 'string'
      ? generativeModelName
      : [{ configName: 'configA', type: 'generator/text', ...generativeModelName }];
  const mapping =
    kind === 'LLMNode'
      ? '{"answer":"{{LLMNode_1.output.generatedResponse}}","meta":"{{LLMNode_1.output._meta}}"}'
      : '{"result":"{{LLMNode_1.output}}"}';
  return {
    id,
    name: id,
    nodes: [
      {
        id: 'triggerNode_1',
        type: 'triggerNode',
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: { nodeName: 'API Request', advance_schema: '{"topic":"string"}' },
        },
      },
      {
        id: 'LLMNode_1',
        type: 'dynamicNode',
        data: {
          nodeId: kind,
          values: {
            nodeName: kind === 'LLMNode' ? 'Generate Text' : 'Generate JSON',
            prompts: [
              { id: '1', role: 'system', content: 'You are a concise assistant.' },
              { id: '2', role: 'user', content: 'Give me insight on topic: {{triggerNode_1.output.topic}}' },
            ],
            messages: '[]',
            generativeModelName: model,
            ...options.values,
          },
        },
      },
      {
        id: 'response',
        type: 'responseNode',
        data: { nodeId: 'graphqlResponseNode', values: { outputMapping: mapping } },
      },
    ],
    edges: [
      { id: 'e1', source: 'triggerNode_1', target: 'LLMNode_1', type: 'defaultEdge' },
      { id: 'e2', source: 'LLMNode_1', target: 'response', type: 'defaultEdge' },
      { id: 'e3', source: 'triggerNode_1', target: 'response', type: 'responseEdge' },
    ],
  };
}

/** A project with an API key, the given credentials and flows deployed. */
export async function projectWith(
  app: App,
  flows: readonly unknown[],
  credentials: readonly CredentialInput[],
) {
  const test = await createTestProject(app, []);
  for (const credential of credentials) await app.credentials.set(test.project.id, credential);
  const deployed = await app.deploys.deploy(test.project.id, flows);
  return { ...test, deployed };
}

const QUERY =
  'query Run($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result requestId } }';

export interface FlowAnswer {
  status: number;
  body: GraphqlBody;
  result: Record<string, unknown> | undefined;
  requestId: string | undefined;
  error: string | undefined;
}

/** Runs a deployed flow through the public GraphQL endpoint, as a Lamatic client would. */
export async function execute(
  endpoint: string,
  test: TestProject,
  workflowId: string,
  payload: unknown,
): Promise<FlowAnswer> {
  const answer = await postGraphql(
    endpoint,
    { query: QUERY, variables: { workflowId, payload } },
    authHeaders(test),
  );
  const data = answer.body.data?.executeWorkflow as
    | { result?: Record<string, unknown>; requestId?: string }
    | null
    | undefined;
  const error = answer.body.errors?.[0];
  return {
    status: answer.status,
    body: answer.body,
    result: data?.result,
    requestId: data?.requestId ?? (error?.extensions.requestId as string | undefined),
    error: error?.message,
  };
}

/** The trace input of a node in a recorded run. */
export async function nodeInput(app: App, projectId: string, requestId: string | undefined, nodeId: string) {
  await app.recorder.flush();
  const run = await app.store.runs.get(projectId, requestId ?? '');
  return run?.nodes.find((node) => node.nodeId === nodeId)?.input;
}
