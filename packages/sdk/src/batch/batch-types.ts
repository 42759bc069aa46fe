import type { FlowgateError } from '../errors/flowgate-error.ts';
import type { FlowId, FlowInput } from '../flows.ts';
import type { JsonValue } from '../json.ts';
import type { PollOptions } from '../runs/poll-backoff.ts';

/** One run of a batch: a flow and its payload. */
export type BatchItem<Id extends string = FlowId> = Id extends unknown
  ? { workflowId: Id; payload: FlowInput<Id> }
  : never;

/** What became of one item, at its index in the input: its result, or the error that ended it. */
export type BatchOutcome<Output = JsonValue> =
  | { ok: true; requestId: string; result: Output }
  | { ok: false; error: FlowgateError };

export interface BatchOptions {
  /** Requests in flight at most (halved on each 429, grown back by one per round of successes). Default 8. */
  concurrency?: number;
  /**
   * `requests`: one executeWorkflow per item. `server`: executeWorkflowBatch (the server queues the
   * runs; results are polled, 50 per request). `auto` (default): `server` for a flow with at least
   * `serverBatchFrom` items, `requests` for the rest.
   */
  via?: 'auto' | 'requests' | 'server';
  /** Default 100. */
  serverBatchFrom?: number;
  /** Payloads per executeWorkflowBatch request (the server's limit, 1,000 by default). */
  serverBatchSize?: number;
  /** Between status polls of server batches. */
  poll?: PollOptions;
  signal?: AbortSignal;
  /** For the whole batch. Default: no limit. */
  timeoutMs?: number;
  /** Told each time a 429 slows the batch down: how long it pauses, and the concurrency it goes on with. */
  onRateLimited?: (event: { retryAfterMs: number; concurrency: number }) => void;
}
