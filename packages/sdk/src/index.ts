export type { BatchItem, BatchOptions, BatchOutcome } from './batch/batch-types.ts';
export type { FlowgateOptions } from './client-options.ts';
export { AuthenticationError } from './errors/authentication-error.ts';
export { ConfigurationError } from './errors/configuration-error.ts';
export { FlowgateError } from './errors/flowgate-error.ts';
export { ForbiddenError } from './errors/forbidden-error.ts';
export { InvalidPayloadError, type PayloadFieldProblem } from './errors/invalid-payload-error.ts';
export { NetworkError } from './errors/network-error.ts';
export { NotFoundError } from './errors/not-found-error.ts';
export { RateLimitError } from './errors/rate-limit-error.ts';
export { TimeoutError } from './errors/timeout-error.ts';
export { type WebhookRejection, WebhookVerificationError } from './errors/webhook-verification-error.ts';
export { WorkflowError } from './errors/workflow-error.ts';
export { type CallOptions, type ExecuteOptions, Flowgate, type WaitOptions } from './flowgate.ts';
export type { ExecuteOutput, FlowId, FlowInput, FlowOutput, FlowShape, Flows } from './flows.ts';
export type { RetryListener } from './http/graphql-transport.ts';
export { backoffDelay, type RetryOptions } from './http/retry-policy.ts';
export type { JsonObject, JsonValue } from './json.ts';
export type { PollOptions } from './runs/poll-backoff.ts';
export type { ExecuteResult } from './runs/run-requests.ts';
export type { RunNode, RunStatus } from './runs/run-status.ts';
export type { StreamFrame } from './stream/stream-frame.ts';
export {
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookHeaders,
} from './webhooks/verify-webhook.ts';
