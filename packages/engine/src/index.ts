export { compileFlow } from './compile/compile-flow.ts';
export type { CompiledEdge, CompiledFlow, CompiledNode } from './compile/compiled-flow.ts';
export { EngineError } from './errors/engine-error.ts';
export { type FlowProblem, FlowValidationError } from './errors/flow-validation-error.ts';
export { NodeFailure } from './errors/node-failure.ts';
export { InvalidPayloadError, type PayloadIssue } from './errors/payload-error.ts';
export type { EngineLimits, EngineServices } from './execute/engine-services.ts';
export { executeFlow, type RunRequest, runFlow } from './execute/execute-flow.ts';
export { compileRetryPolicy, type RetryPolicy, runWithRetries } from './execute/retry.ts';
export type { NodeRecord, NodeStatus, RunFailure, RunObserver, RunOutcome } from './execute/run-outcome.ts';
export {
  CANVAS_ONLY_KINDS,
  EXECUTION_EDGE_TYPES,
  type FlowDefinition,
  type FlowEdge,
  type FlowNode,
  flowDefinitionSchema,
} from './flow/flow-definition.ts';
export { MAX_SUBFLOW_DEPTH, type SubflowRequest, type SubflowRunner } from './flows/subflow-runner.ts';
export {
  MAX_RESPONSE_BYTES,
  type OutboundHttp,
  type OutboundRequest,
  type OutboundResponse,
} from './http/outbound-http.ts';
export { OutboundHttpError, type OutboundHttpErrorKind } from './http/outbound-http-error.ts';
export {
  createMemoryKitSource,
  ImportError,
  type ImportedKit,
  type ImportResult,
  importConfigYaml,
  importKit,
  type KitSource,
} from './import/index.ts';
export { isJsonObject, type JsonObject, type JsonValue, parseJsonSafely } from './json.ts';
export {
  type ChatMessage,
  type ChatRole,
  type GenerateRequest,
  type GenerateResult,
  type GenerationParams,
  type ModelConfig,
  type ModelGateway,
  noModelGateway,
  type TokenUsage,
  type UsedCredential,
} from './models/model-gateway.ts';
export { builtinNodeKinds } from './nodes/builtin-kinds.ts';
export { codeNode } from './nodes/code-node/code-node.ts';
export type {
  NodeCompileContext,
  NodeKind,
  NodeOutcome,
  NodeRunContext,
  RunIdentity,
  TriggerDescription,
} from './nodes/node-kind.ts';
export { NodeRegistry } from './nodes/registry.ts';
export { MAX_WEBHOOK_URL_LENGTH, type WebhookTarget, webhookUrlProblem } from './nodes/webhook-target.ts';
export {
  CodeError,
  type CodeErrorKind,
  type CodeRunRequest,
  type CodeRunResult,
  type CodeSandbox,
} from './sandbox/code-sandbox.ts';
export { QuickJsRunner, type WorkerPoolOptions, WorkerPoolSandbox } from './sandbox/quickjs-sandbox.ts';
export { Template, type TemplateReference, type TemplateScope } from './templates/template.ts';
export { TemplatedValue } from './templates/templated-value.ts';
