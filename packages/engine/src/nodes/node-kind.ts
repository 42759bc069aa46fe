import type { EngineServices } from '../execute/engine-services.ts';
import type { FlowNode } from '../flow/flow-definition.ts';
import type { JsonValue } from '../json.ts';
import type { TemplateReference, TemplateScope } from '../templates/template.ts';
import type { WebhookTarget } from './webhook-target.ts';

/**
 * A kind of node (`data.nodeId`): how its `values` are checked and compiled at deploy time, and how
 * it runs. One folder per kind (`nodes/<kind>/`), registered in `nodes/registry.ts`.
 */
export interface NodeKind<Config = unknown> {
  readonly kind: string;
  readonly role: 'trigger' | 'response' | 'step';
  /**
   * Checks and compiles `values` once per deployment. Reports problems through `context.problem`
   * (all of them, not only the first) and returns whatever `run` needs.
   */
  compile(context: NodeCompileContext): Config;
  run(config: Config, context: NodeRunContext): Promise<NodeOutcome> | NodeOutcome;
  /** Kinds that choose among outgoing edges (conditions) name their branches, in order. */
  branchLabels?(config: Config): readonly string[];
  /** Trigger kinds describe how they are invoked. */
  describeTrigger?(config: Config): TriggerDescription;
  /** Trigger and response kinds that carry a `webhookUrl`: where the finished run is sent. */
  webhookTarget?(config: Config): WebhookTarget | undefined;
  /** Loop-start kinds (forLoopNode, batchNode): how their body is repeated. */
  readonly loop?: LoopBehaviour<Config>;
  /** Loop-end kinds: their output, made of every iteration's body outputs in order. */
  collect?(iterations: readonly JsonValue[]): JsonValue;
}

export interface LoopBehaviour<Config> {
  /** The `data.nodeId` of the node that closes this kind of loop. */
  readonly endKind: string;
  /** The values to iterate over, computed when the loop starts. */
  items(config: Config, context: NodeRunContext): Promise<JsonValue[]> | JsonValue[];
  /** How many iterations may run at once (1: one after another). */
  concurrency(config: Config): number;
  /** Pause between iterations started one after another. */
  waitMs(config: Config): number;
}

export interface NodeCompileContext {
  readonly flowId: string;
  readonly node: FlowNode;
  readonly values: Readonly<Record<string, unknown>>;
  /** A problem that blocks the deploy. */
  problem(message: string): void;
  /** Something suspicious that still deploys (e.g. a template naming a node that does not exist). */
  warn(message: string): void;
  /** Collects the references a node reads, so the compiler can check them against the graph. */
  reads(references: readonly TemplateReference[]): void;
}

export interface NodeRunContext {
  readonly nodeId: string;
  readonly scope: TemplateScope;
  readonly services: EngineServices;
  readonly signal: AbortSignal;
  readonly run: RunIdentity;
  /**
   * Present only when someone streams the run: nodes that produce text piece by piece (LLMs) pass
   * each piece here as it arrives, and use their provider's streaming API only then.
   */
  readonly onDelta?: (text: string) => void;
}

export interface RunIdentity {
  readonly requestId: string;
  readonly projectId: string;
  readonly flowId: string;
  readonly payload: JsonValue;
  /** 0 for a run started by a trigger; n for a flow called by a flowNode n levels down. */
  readonly depth?: number;
}

export interface NodeOutcome {
  output: JsonValue;
  /** The node's resolved configuration, for the trace (prompts after templates, request sent…). */
  input?: JsonValue;
  /** For branching kinds: the labels of the branches to follow. */
  branches?: readonly string[];
  /** The node ends its path (endNode): every edge out of it is dead, so what follows is skipped. */
  endsPath?: boolean;
  /** Lines the node wants in the trace (code `console.log`, warnings). */
  logs?: readonly string[];
}

export interface TriggerDescription {
  /** How runs start: the GraphQL API, an inbound webhook URL, or a schedule. */
  invocation: 'api' | 'webhook' | 'schedule';
  /** `async` answers with a requestId at once; `realtime` waits for the result. */
  responseMode: 'realtime' | 'async';
  /** For scheduled flows: a cron expression and its IANA time zone. */
  schedule?: { expression: string; timezone: string | undefined };
  /** For webhook flows: a secret the caller must send in `x-webhook-secret`, when set. */
  webhookSecret?: string;
  /** Checks a payload; returns every problem found (empty when valid). */
  validatePayload(payload: JsonValue): readonly { field: string; message: string }[];
  /** The input fields as declared, for docs and generated types: name → type text. */
  inputFields: Readonly<Record<string, { type: string; optional: boolean }>>;
}
