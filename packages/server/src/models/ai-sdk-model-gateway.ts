import type {
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  GenerationParams,
  ModelGateway,
  TokenUsage,
} from '@flowgate/engine';
import {
  generateText,
  type LanguageModelUsage,
  type ModelMessage,
  NoObjectGeneratedError,
  streamText,
} from 'ai';
import type { CredentialService } from '../credentials/credential-service.ts';
import { type ModelTarget, resolveModelTarget } from './credential-resolver.ts';
import { type PreparedModel, prepareModel } from './language-models.ts';
import { DEFAULT_MODEL_RETRY, type ModelRetryOptions, withModelRetries } from './model-retry.ts';
import { costOf } from './price-table.ts';

export interface AiSdkModelGatewayOptions {
  credentials: Pick<CredentialService, 'usable'>;
  /** The guarded fetch (models/model-fetch.ts) every provider sends through. */
  fetch: typeof globalThis.fetch;
  retry?: Partial<ModelRetryOptions>;
}

interface Answer {
  text: string;
  usage: LanguageModelUsage | undefined;
}

/**
 * The ModelGateway on the Vercel AI SDK: resolves the project's credential for the node (read per call,
 * so a changed key needs no redeploy), calls the provider, retries what may pass, prices the call.
 */
export class AiSdkModelGateway implements ModelGateway {
  private readonly retry: ModelRetryOptions;

  constructor(private readonly options: AiSdkModelGatewayOptions) {
    this.retry = { ...DEFAULT_MODEL_RETRY, ...options.retry };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const target = resolveModelTarget(request, await this.options.credentials.usable(request.projectId));
    const prepared = prepareModel(target, this.options.fetch);
    let streamed = false;
    const onDelta = request.onDelta;
    const deltas = onDelta
      ? (text: string) => {
          streamed = true;
          onDelta(text);
        }
      : undefined;
    const answer = await withModelRetries(
      () => (deltas ? streamOnce(prepared, request, deltas) : generateOnce(prepared, request)),
      { ...this.retry, signal: request.signal, streamed: () => streamed },
      { nodeId: request.nodeId, credentialName: target.credential.name, provider: target.provider },
    );
    return this.result(target, answer);
  }

  private result(target: ModelTarget, answer: Answer): GenerateResult {
    const usage = tokenUsage(answer.usage);
    const result: GenerateResult = {
      text: answer.text,
      usage,
      modelName: target.modelName,
      modelProvider: target.provider,
      credential: { name: target.credential.name, resolvedBy: target.resolvedBy },
    };
    const cost = costOf(target.provider, target.modelName, usage);
    if (cost !== undefined) result.costUsd = cost;
    return result;
  }
}

/** Settings shared by both call styles; the SDK's own retries are off (model-retry.ts owns them). */
function callSettings(prepared: PreparedModel, request: GenerateRequest) {
  return {
    model: prepared.model,
    // System prompts are the flow author's, not end users': allowed in the message list, in order.
    messages: withUserTurn(request.messages, prepared.needsUserTurn) as ModelMessage[],
    allowSystemInMessages: true,
    ...samplingSettings(request.params),
    providerOptions: prepared.providerOptions,
    abortSignal: request.signal,
    maxRetries: 0,
  };
}

async function generateOnce(prepared: PreparedModel, request: GenerateRequest): Promise<Answer> {
  try {
    const result = await generateText({
      ...callSettings(prepared, request),
      ...(request.schema ? { output: prepared.output(request.schema) } : {}),
    });
    return { text: result.text, usage: result.totalUsage };
  } catch (error) {
    // Unparsable JSON is the caller's to judge (InstructorLLMNode repairs it), not a failed call.
    if (NoObjectGeneratedError.isInstance(error)) return { text: error.text ?? '', usage: error.usage };
    throw error;
  }
}

async function streamOnce(
  prepared: PreparedModel,
  request: GenerateRequest,
  onDelta: (text: string) => void,
): Promise<Answer> {
  const result = streamText({
    ...callSettings(prepared, request),
    ...(request.schema ? { output: prepared.output(request.schema) } : {}),
    // Errors arrive as stream parts below; the SDK's default would print them to the console.
    onError: () => {},
  });
  let text = '';
  let usage: LanguageModelUsage | undefined;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      if (part.text !== '') onDelta(part.text);
    } else if (part.type === 'finish') usage = part.totalUsage;
    else if (part.type === 'error') throw part.error;
    else if (part.type === 'abort') throw request.signal.reason ?? new Error('the model call was aborted');
  }
  return { text, usage };
}

/**
 * Lamatic kits often hold one system prompt and nothing else (kits/get-started). OpenAI answers that;
 * Anthropic and Google refuse a conversation without a user turn, so there the last system prompt
 * is sent as the user's.
 */
function withUserTurn(messages: readonly ChatMessage[], needed: boolean): ChatMessage[] {
  const copy = messages.map((message) => ({ ...message }));
  if (!needed || copy.some((message) => message.role === 'user')) return copy;
  const last = copy.findLastIndex((message) => message.role === 'system');
  if (last >= 0) copy[last] = { role: 'user', content: (copy[last] as ChatMessage).content };
  return copy;
}

function samplingSettings(params: GenerationParams) {
  const { maxTokens, ...rest } = params;
  return maxTokens === undefined ? rest : { ...rest, maxOutputTokens: maxTokens };
}

function tokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.totalTokens ?? prompt + completion,
  };
}
