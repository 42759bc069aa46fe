import type { App } from '../../src/app.ts';
import type { ConfigInput } from '../../src/config/config.ts';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.ts';
import { authHeaders, EXECUTE_QUERY, postGraphql, type TestProject } from './test-server.ts';
import type { ReceivedWebhook } from './webhook-receiver.ts';

/** Short backoff so retries happen within a test; the outbound guard lets 127.0.0.1 through. */
export const fast: Partial<ConfigInput> = {
  allowHosts: '127.0.0.1',
  queuePollMs: 20,
  webhookRetryBaseMs: 50,
  webhookRetryMaxMs: 300,
};

interface FlowOptions {
  webhookUrl?: string;
  async?: boolean;
  fail?: boolean;
}

/** greet: `{greeting}` from `{name}`, optionally async, failing, or with a webhookUrl on its response node. */
export function greetFlow(id: string, options: FlowOptions = {}) {
  const step = options.fail
    ? { id: 'check', data: { nodeId: 'codeNode', values: { code: 'throw new Error("no greeting today");' } } }
    : {
        id: 'check',
        data: {
          nodeId: 'variablesNode',
          values: { mapping: '{"text":{"type":"string","value":"hi {{triggerNode_1.output.name}}"}}' },
        },
      };
  const hook = options.webhookUrl ? { webhookUrl: options.webhookUrl, headers: '{"X-Team":"ops"}' } : {};
  return {
    id,
    name: id,
    nodes: [
      {
        id: 'triggerNode_1',
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: { advance_schema: '{"name":"string"}', responeType: options.async ? 'async' : 'realtime' },
        },
      },
      step,
      {
        id: 'response',
        data: {
          nodeId: 'graphqlResponseNode',
          values: { outputMapping: '{"greeting":"{{check.output.text}}"}', ...hook },
        },
      },
    ],
    edges: [
      { source: 'triggerNode_1', target: 'check' },
      { source: 'check', target: 'response' },
    ],
  };
}

export function execute(workflowId: string, name = 'Ada') {
  return {
    query: EXECUTE_QUERY.replace('status result', 'status result requestId'),
    variables: { workflowId, payload: { name } },
  };
}

export async function run(
  endpoint: string,
  test: TestProject,
  workflowId: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const answer = await postGraphql(endpoint, execute(workflowId), { ...authHeaders(test), ...headers });
  const field = answer.body.data?.executeWorkflow as { requestId?: string } | null | undefined;
  const requestId = field?.requestId ?? answer.body.errors?.[0]?.extensions.requestId;
  if (typeof requestId !== 'string') throw new Error(`no requestId in ${JSON.stringify(answer.body)}`);
  return requestId;
}

export async function secretOf(app: App, test: TestProject): Promise<string> {
  return (await app.webhooks.secrets.reveal(test.project.id)).secret;
}

export function verified(received: ReceivedWebhook, secret: string): boolean {
  return verifyWebhookSignature(received.body, received.headers, secret, 300).valid;
}

export async function deliveriesSettled(app: App, test: TestProject, count: number): Promise<boolean> {
  const deliveries = await app.webhooks.list(test.project.id);
  return deliveries.length === count && deliveries.every((delivery) => delivery.status !== 'pending');
}
