import type { JsonObject, JsonValue } from '../json.ts';
import type { NodeCompileContext, NodeRunContext } from '../nodes/node-kind.ts';
import { type ChatPrompt, compileChatPrompt } from './chat-prompt.ts';
import { type NodeModel, readGenerationParams, readModelConfig } from './model-config.ts';
import type { ChatMessage, GenerateRequest, GenerateResult, GenerationParams } from './model-gateway.ts';

/** What both LLM kinds compile from a node: prompts, model and sampling settings. */
export interface LlmCall {
  prompt: ChatPrompt;
  model: NodeModel;
  params: GenerationParams;
}

/** Node values that set sampling directly on the node (they win over the model config's params). */
const NODE_PARAMS = ['temperature', 'max_tokens', 'maxTokens', 'top_p', 'topP'] as const;

export function compileLlmCall(context: NodeCompileContext): LlmCall {
  const { values, problem, warn } = context;
  const prompt = compileChatPrompt(context);
  const model = readModelConfig(values.generativeModelName, problem);
  if (model.placeholder !== undefined) {
    warn(
      `the model config is a placeholder (${model.placeholder}); runs use the project's default model ` +
        '(flowgate credentials set … --default-model MODEL)',
    );
  }
  const nodeParams: Record<string, unknown> = {};
  for (const name of NODE_PARAMS) if (name in values) nodeParams[name] = values[name];
  const params = readGenerationParams([model.config?.params, nodeParams], problem);
  return { prompt, model, params };
}

/** The gateway request for one call of a compiled node. */
export function generateRequest(
  call: LlmCall,
  messages: readonly ChatMessage[],
  context: NodeRunContext,
  extra: Pick<GenerateRequest, 'schema' | 'onDelta'> = {},
): GenerateRequest {
  const request: GenerateRequest = {
    projectId: context.run.projectId,
    nodeId: context.nodeId,
    model: call.model.config,
    messages,
    params: call.params,
    signal: context.signal,
    ...extra,
  };
  if (call.model.placeholder !== undefined) request.placeholder = call.model.placeholder;
  return request;
}

/** The node's `input` in the trace: what was sent, and which model and credential answered. */
export function llmTrace(
  call: LlmCall,
  messages: readonly ChatMessage[],
  result: GenerateResult,
): JsonObject {
  const configured: Record<string, JsonValue> = { ...(call.model.config ?? {}) };
  if (call.model.placeholder !== undefined) configured.placeholder = call.model.placeholder;
  return {
    messages: messages.map((message) => ({ ...message })),
    params: { ...call.params },
    model: {
      configured,
      model_name: result.modelName,
      model_provider: result.modelProvider,
      credential_name: result.credential.name,
      resolved_by: result.credential.resolvedBy,
    },
  };
}
