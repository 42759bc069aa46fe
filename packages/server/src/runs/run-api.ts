import type { JsonValue } from '@flowgate/engine';
import type { Caller } from '../auth/caller.ts';

/** `WorkflowResult` of the GraphQL schema. */
export interface WorkflowResult {
  status: 'success' | 'in-progress';
  result: JsonValue;
  requestId: string;
}

/** `BatchResult` of the GraphQL schema: one requestId per payload, in the order given. */
export interface BatchResult {
  requestIds: string[];
  count: number;
}

export interface FeedbackInput {
  requestId: string;
  rating: number | null;
  comment: string | null;
  metadata: JsonValue;
}

export interface FeedbackResult {
  success: boolean;
  message: string | null;
  data: JsonValue;
  error: string | null;
}

/** What the public API does, independent of GraphQL: the resolvers are one line each. */
export interface RunApi {
  /**
   * The result itself when the run is over within the call (a flow whose nodes all answer at once),
   * else a promise; a refusal may be thrown rather than rejected. Callers `await` it either way.
   */
  executeWorkflow(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    options: { idempotencyKey: string | undefined; callbackUrl?: string | undefined },
  ): WorkflowResult | Promise<WorkflowResult>;
  /** Checks every payload first (all or nothing), then starts the runs in the background. */
  executeWorkflowBatch(
    caller: Caller,
    workflowId: string,
    payloads: readonly JsonValue[],
    options?: { callbackUrl?: string | undefined },
  ): Promise<BatchResult>;
  streamWorkflow(caller: Caller, workflowId: string, payload: JsonValue): Promise<AsyncIterable<JsonValue>>;
  checkStatus(caller: Caller, requestId: string): Promise<JsonValue>;
  submitFeedback(caller: Caller, feedback: FeedbackInput): Promise<FeedbackResult>;
}
