import type { JsonValue } from '@flowgate/engine';
import type { Caller } from '../auth/caller.ts';

/** `WorkflowResult` of the GraphQL schema. */
export interface WorkflowResult {
  status: 'success' | 'in-progress';
  result: JsonValue;
  requestId: string;
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
  executeWorkflow(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    options: { idempotencyKey: string | undefined },
  ): Promise<WorkflowResult>;
  streamWorkflow(caller: Caller, workflowId: string, payload: JsonValue): Promise<AsyncIterable<JsonValue>>;
  checkStatus(caller: Caller, requestId: string): Promise<JsonValue>;
  submitFeedback(caller: Caller, feedback: FeedbackInput): Promise<FeedbackResult>;
}
