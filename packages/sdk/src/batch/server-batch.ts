import { errorFromEntry } from '../errors/error-from-answer.ts';
import { FlowgateError } from '../errors/flowgate-error.ts';
import { InvalidPayloadError } from '../errors/invalid-payload-error.ts';
import type { CallScope } from '../http/call-scope.ts';
import { fieldOf, type GraphqlTransport } from '../http/graphql-transport.ts';
import { isJsonObject } from '../json.ts';
import { pollDelays } from '../runs/poll-backoff.ts';
import { readStatuses, STATUSES_PER_REQUEST } from '../runs/run-requests.ts';
import type { BatchOptions, BatchOutcome } from './batch-types.ts';
import type { IndexedItem } from './request-batch.ts';

const BATCH_DOCUMENT =
  'mutation FlowgateBatch($id: String!, $payloads: [JSON!]!) { executeWorkflowBatch(workflowId: $id, payloads: $payloads) { requestIds count } }';

/**
 * The server's executeWorkflowBatch for many items of one flow: one request queues up to
 * `serverBatchSize` runs, then their statuses are polled 50 per request. The server checks every
 * payload first and starts none when one is invalid: those items get their InvalidPayloadError and
 * the rest are sent again. Only a 429 is retried (a batch has no idempotency key).
 */
export async function runServerBatch(
  transport: GraphqlTransport,
  scope: CallScope,
  workflowId: string,
  items: readonly IndexedItem[],
  record: (index: number, outcome: BatchOutcome) => void,
  options: BatchOptions,
): Promise<void> {
  const size = Math.max(1, options.serverBatchSize ?? 1000);
  const started = new Map<string, number>();
  for (let from = 0; from < items.length; from += size) {
    const chunk = items.slice(from, from + size);
    try {
      const accepted = await submit(transport, scope, workflowId, chunk, record);
      for (const [requestId, index] of accepted) started.set(requestId, index);
    } catch (error) {
      failAll(
        error,
        scope,
        chunk.map((item) => item.index),
        record,
      );
    }
  }
  try {
    await pollUntilFinished(transport, scope, started, record, options);
  } catch (error) {
    failAll(error, scope, [...started.values()], record);
  }
}

/** A failure that ends every item given (the chunk's submission, or polling after its retries). */
function failAll(
  error: unknown,
  scope: CallScope,
  indexes: readonly number[],
  record: (index: number, outcome: BatchOutcome) => void,
): void {
  if (!(error instanceof FlowgateError) || scope.stopped() !== undefined) throw error;
  for (const index of indexes) record(index, { ok: false, error });
}

/** Polls the started runs (requestId → item index) until each has finished; removes them as they do. */
async function pollUntilFinished(
  transport: GraphqlTransport,
  scope: CallScope,
  started: Map<string, number>,
  record: (index: number, outcome: BatchOutcome) => void,
  options: BatchOptions,
): Promise<void> {
  const delays = pollDelays(options.poll ?? { intervalMs: 500, maxIntervalMs: 3000 });
  while (started.size > 0) {
    await scope.sleep(delays.next().value ?? 1000);
    const pending = [...started.keys()];
    for (let from = 0; from < pending.length; from += STATUSES_PER_REQUEST) {
      const statuses = await readStatuses(transport, scope, pending.slice(from, from + STATUSES_PER_REQUEST));
      for (const [requestId, status] of statuses) {
        const index = started.get(requestId) as number;
        if (status instanceof FlowgateError) record(index, { ok: false, error: status });
        else if (status.status === 'success') record(index, { ok: true, requestId, result: status.result });
        else if (status.status === 'error') record(index, { ok: false, error: status.error });
        else continue;
        started.delete(requestId);
      }
    }
  }
}

/** Queues a chunk; answers requestId → item index for the runs started. */
async function submit(
  transport: GraphqlTransport,
  scope: CallScope,
  workflowId: string,
  chunk: readonly IndexedItem[],
  record: (index: number, outcome: BatchOutcome) => void,
): Promise<Map<string, number>> {
  let remaining = chunk;
  while (remaining.length > 0) {
    const variables = { id: workflowId, payloads: remaining.map((item) => item.payload) };
    try {
      const answer = await transport.query(
        { query: BATCH_DOCUMENT, variables, safety: 'refused-only' },
        scope,
      );
      const value = fieldOf(answer, 'executeWorkflowBatch');
      const requestIds = isJsonObject(value) && Array.isArray(value.requestIds) ? value.requestIds : [];
      return new Map(remaining.map((item, position) => [String(requestIds[position]), item.index]));
    } catch (error) {
      const refused = error instanceof InvalidPayloadError ? invalidItems(error) : undefined;
      if (refused === undefined || refused.size === 0) throw error;
      remaining.forEach((item, position) => {
        const itemError = refused.get(position);
        if (itemError) record(item.index, { ok: false, error: itemError });
      });
      remaining = remaining.filter((_, position) => !refused.has(position));
    }
  }
  return new Map();
}

/** A batch refusal's `extensions.items`: each invalid payload's position, message and fields. */
function invalidItems(error: InvalidPayloadError): Map<number, InvalidPayloadError> | undefined {
  const items = error.details.items;
  if (!Array.isArray(items)) return undefined;
  const refused = new Map<number, InvalidPayloadError>();
  for (const item of items.filter(isJsonObject)) {
    if (typeof item.index !== 'number') continue;
    const entry = {
      message: String(item.message ?? error.message),
      extensions: { code: 'INVALID_PAYLOAD', fields: item.fields ?? [] },
    };
    refused.set(item.index, errorFromEntry(entry, 400, null) as InvalidPayloadError);
  }
  return refused;
}
