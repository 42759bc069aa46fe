import { NodeFailure } from '../errors/node-failure.ts';
import type { JsonObject, JsonValue } from '../json.ts';

/**
 * Port: the LLM kinds ask a model for text through it. The server implements it with the Vercel AI
 * SDK and the project's credentials; the engine never sees a provider, a key or an HTTP call.
 */
export interface ModelGateway {
  /**
   * One model call (the implementation owns retries). Fails with a NodeFailure naming what to fix:
   * no credential or default model, a credential the provider rejected, a provider that stayed
   * unavailable (`retryable`).
   */
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** A node's `generativeModelName` entry as Lamatic writes it. Every field may be missing. */
export interface ModelConfig {
  provider_name?: string;
  model_name?: string;
  credential_name?: string;
  params?: JsonObject;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Sampling settings in the provider-neutral names the gateway maps to each provider. */
export interface GenerationParams {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stopSequences?: string[];
  seed?: number;
}

export interface GenerateRequest {
  projectId: string;
  nodeId: string;
  /**
   * The node's model. Undefined when the flow has none or only a placeholder (an incomplete export's
   * `"@model-configs/x.ts"`): the gateway then uses the project's default model.
   */
  model: ModelConfig | undefined;
  /** What the flow had instead of a model config, for the error when nothing can stand in for it. */
  placeholder?: string;
  messages: readonly ChatMessage[];
  params: GenerationParams;
  /** A JSON Schema: ask for a JSON answer (the provider's structured output where it has one). */
  schema?: JsonObject;
  signal: AbortSignal;
  /** Receives the answer's text as it is generated; given only by streaming runs. */
  onDelta?: (text: string) => void;
}

/** Lamatic's `_meta` names. */
export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface GenerateResult {
  /** The model's answer; for a schema request, the JSON text (the caller parses and validates it). */
  text: string;
  usage: TokenUsage;
  /** The model actually called, without a provider prefix (`llama-3.3-70b-versatile`). */
  modelName: string;
  /** Who served it, as Lamatic names providers (`openai`, `groq`, `anthropic`…). */
  modelProvider: string;
  credential: UsedCredential;
  /** USD, when the model's price is known. */
  costUsd?: number;
}

export interface UsedCredential {
  name: string;
  /** How it was chosen (DESIGN §2): by the config's credential_name, by provider, or as the default model. */
  resolvedBy: 'credential_name' | 'provider' | 'default_model';
}

/** For engines built without models (tests, tools): every call fails and says so. */
export const noModelGateway: ModelGateway = {
  generate(request) {
    return Promise.reject(
      new NodeFailure(request.nodeId, 'this engine was built without a model gateway', {
        code: 'MODEL_NOT_CONFIGURED',
      }),
    );
  },
};

/** `_meta` as LLM nodes output it. */
export function usageMeta(
  result: GenerateResult,
  usage: TokenUsage = result.usage,
  cost = result.costUsd,
): JsonObject {
  const meta: Record<string, JsonValue> = {
    ...usage,
    model_name: result.modelName,
    model_provider: result.modelProvider,
  };
  if (cost !== undefined) meta.cost = cost;
  return meta;
}
