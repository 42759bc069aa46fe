/**
 * Flows for tests of concurrency, idempotency and batches: trigger → waitNode → response, taking
 * `seconds` (whole, 1 to 90) and echoing the payload's `n`.
 */
export function waitFlow(id: string, seconds: number, responseType: 'realtime' | 'async' = 'realtime') {
  return {
    id,
    name: `Wait ${seconds} s`,
    nodes: [
      {
        id: 'triggerNode_1',
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: { responeType: responseType, advance_schema: '{"n":"number?"}' },
        },
      },
      { id: 'wait', data: { nodeId: 'waitNode', values: { nodeName: 'Wait', seconds } } },
      {
        id: 'response',
        data: {
          nodeId: 'graphqlResponseNode',
          values: { outputMapping: '{"n":"{{triggerNode_1.output.n}}","waited":"{{wait.output.success}}"}' },
        },
      },
    ],
    edges: [
      { source: 'triggerNode_1', target: 'wait' },
      { source: 'wait', target: 'response' },
    ],
  };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions: { code: string; [key: string]: unknown } }[];
  };
}

/** POSTs a GraphQL request and keeps the response headers (rate-limit tests read them). */
export async function post(
  endpoint: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<HttpAnswer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as HttpAnswer['body'],
  };
}

export const EXECUTE_WITH_ID =
  'query Run($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result requestId } }';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A root field's data, or an error that shows the whole answer. */
export function dataOf<T>(answer: HttpAnswer, field: string): T {
  const value = answer.body.data?.[field];
  if (value === undefined || value === null) throw new Error(`no ${field} in ${JSON.stringify(answer.body)}`);
  return value as T;
}
