import { FlowgateError } from '../errors/flowgate-error.ts';
import type { CallScope } from '../http/call-scope.ts';
import { fieldOf, type GraphqlTransport } from '../http/graphql-transport.ts';
import { isJsonObject, type JsonValue } from '../json.ts';
import { type PollOptions, pollDelays } from './poll-backoff.ts';
import { type RunStatus, readRunStatus } from './run-status.ts';

/** A finished run: its result, and the requestId that finds it in checkStatus and the logs. */
export interface ExecuteResult<Output = JsonValue> {
  requestId: string;
  result: Output;
}

export interface ExecuteRequest {
  field: 'executeWorkflow' | 'executeAgent';
  id: string;
  payload: unknown;
  idempotencyKey: string;
  /** Sent as X-Callback-Url: the finished run is delivered there, signed. */
  callbackUrl?: string | undefined;
  /** Batches pace themselves on 429 instead of each request waiting on its own. */
  throwRateLimits?: boolean;
}

const EXECUTE_DOCUMENTS = {
  executeWorkflow:
    'query FlowgateExecute($id: String!, $payload: JSON) { executeWorkflow(workflowId: $id, payload: $payload) { status result requestId } }',
  executeAgent:
    'query FlowgateExecuteAgent($id: String!, $payload: JSON) { executeAgent(agentId: $id, payload: $payload) { status result requestId } }',
};

/** Most checkStatus fields sent in one request (the server allows 100 root fields). */
export const STATUSES_PER_REQUEST = 50;

/**
 * Runs a flow once, whatever the retries: every attempt carries the same Idempotency-Key. A sync run
 * past the server's sync limit answers `in-progress`; it is then polled to its end.
 */
export async function executeOnce(
  transport: GraphqlTransport,
  scope: CallScope,
  request: ExecuteRequest,
  poll: PollOptions = {},
): Promise<ExecuteResult> {
  const headers: Record<string, string> = { 'idempotency-key': request.idempotencyKey };
  if (request.callbackUrl !== undefined) headers['x-callback-url'] = request.callbackUrl;
  const answer = await transport.query(
    {
      query: EXECUTE_DOCUMENTS[request.field],
      variables: { id: request.id, payload: request.payload },
      headers,
      safety: 'idempotent',
      throwRateLimits: request.throwRateLimits,
    },
    scope,
  );
  const value = fieldOf(answer, request.field);
  const fields = isJsonObject(value) ? value : {};
  const requestId = typeof fields.requestId === 'string' ? fields.requestId : '';
  if (fields.status === 'in-progress') return waitForRun(transport, scope, requestId, poll);
  return { requestId, result: fields.result ?? null };
}

/** Polls a run until it finishes; a failed run throws its WorkflowError. */
export async function waitForRun(
  transport: GraphqlTransport,
  scope: CallScope,
  requestId: string,
  poll: PollOptions,
): Promise<ExecuteResult> {
  scope.requestId = requestId;
  const delays = pollDelays(poll);
  for (;;) {
    const status = (await readStatuses(transport, scope, [requestId])).get(requestId);
    if (status instanceof FlowgateError) throw status;
    if (status?.status === 'success') return { requestId, result: status.result };
    if (status?.status === 'error') throw status.error;
    await scope.sleep(delays.next().value ?? 1000);
  }
}

/**
 * checkStatus of several runs in one request, one aliased root field each. A field the server
 * refused (a requestId it does not know) answers with its error.
 */
export async function readStatuses(
  transport: GraphqlTransport,
  scope: CallScope,
  requestIds: readonly string[],
): Promise<Map<string, RunStatus | FlowgateError>> {
  const aliases = requestIds.map((_, index) => `r${index}`);
  const query = `query FlowgateStatus(${aliases.map((alias) => `$${alias}: String!`).join(', ')}) { ${aliases
    .map((alias) => `${alias}: checkStatus(requestId: $${alias})`)
    .join(' ')} }`;
  const variables = Object.fromEntries(requestIds.map((requestId, index) => [`r${index}`, requestId]));
  const answer = await transport.query({ query, variables, safety: 'idempotent' }, scope);
  const statuses = new Map<string, RunStatus | FlowgateError>();
  requestIds.forEach((requestId, index) => {
    try {
      statuses.set(requestId, readRunStatus(requestId, fieldOf(answer, `r${index}`)));
    } catch (error) {
      if (!(error instanceof FlowgateError)) throw error;
      statuses.set(requestId, error);
    }
  });
  return statuses;
}
