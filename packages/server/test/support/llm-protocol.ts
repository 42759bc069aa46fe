import type { ServerResponse } from 'node:http';

/** The OpenAI Chat Completions wire format the test LLM server answers in: bodies, SSE chunks, errors. */

export interface LlmReply {
  content?: string;
  /** Shorthand for content = JSON.stringify(json): what a structured-output answer looks like. */
  json?: unknown;
  toolCalls?: { name: string; arguments: unknown }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  /** How the content is split into stream chunks; default: word by word. */
  chunks?: string[];
  delayMs?: number;
  /** Streaming only: drop the connection after this many content chunks (a provider dying mid-answer). */
  dropAfterChunks?: number;
}

export interface LlmFailure {
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  /** Sent as the Retry-After header. */
  retryAfter?: string | number;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  top_p?: number;
  [key: string]: unknown;
}

export const INVALID_KEY = {
  message:
    'Incorrect API key provided: sk-te***st. You can find your API key at https://platform.openai.com/account/api-keys.',
  type: 'invalid_request_error',
  code: 'invalid_api_key',
};

const DEFAULT_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  401: INVALID_KEY,
  429: {
    message: 'Rate limit reached for requests. Please try again shortly.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

export function sendError(response: ServerResponse, failure: LlmFailure): void {
  const known = DEFAULT_ERRORS[failure.status] ?? {
    message: `HTTP ${failure.status}`,
    type: 'invalid_request_error',
    code: null,
  };
  const error = {
    message: failure.message ?? known.message,
    type: failure.type ?? known.type,
    param: null,
    code: failure.code === undefined ? known.code : failure.code,
  };
  if (failure.retryAfter !== undefined) response.setHeader('retry-after', String(failure.retryAfter));
  sendJson(response, failure.status, { error });
}

export interface Completion {
  id: string;
  created: number;
  model: string;
}

function contentOf(reply: LlmReply): string | null {
  if (reply.json !== undefined) return JSON.stringify(reply.json);
  if (reply.content !== undefined) return reply.content;
  return reply.toolCalls ? null : '';
}

function usageOf(reply: LlmReply, body: ChatRequestBody) {
  const toolText = (reply.toolCalls ?? []).map((call) => JSON.stringify(call.arguments)).join(' ');
  const prompt =
    reply.usage?.prompt_tokens ?? countWords(body.messages.map((m) => textOf(m.content)).join(' '));
  const completion = reply.usage?.completion_tokens ?? countWords(`${contentOf(reply) ?? ''} ${toolText}`);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCalls(reply: LlmReply) {
  return reply.toolCalls?.map((call, index) => ({
    id: `call_test${index + 1}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

export function chatCompletion(completion: Completion, reply: LlmReply, body: ChatRequestBody) {
  const calls = toolCalls(reply);
  return {
    ...completion,
    object: 'chat.completion',
    system_fingerprint: 'fp_flowgate_test',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: contentOf(reply),
          refusal: null,
          ...(calls ? { tool_calls: calls } : {}),
        },
        logprobs: null,
        finish_reason: calls ? 'tool_calls' : 'stop',
      },
    ],
    usage: usageOf(reply, body),
  };
}

export function sendStream(
  response: ServerResponse,
  completion: Completion,
  reply: LlmReply,
  body: ChatRequestBody,
): void {
  const includeUsage = body.stream_options?.include_usage === true;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    send({
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const send = (data: Record<string, unknown>) =>
    response.write(
      `data: ${JSON.stringify({ ...completion, object: 'chat.completion.chunk', system_fingerprint: 'fp_flowgate_test', ...data })}\n\n`,
    );
  chunk({ role: 'assistant', content: '', refusal: null });
  const content = contentOf(reply) ?? '';
  const pieces = (reply.chunks ?? content.split(/(?<= )/)).filter((piece) => piece !== '');
  for (const [index, piece] of pieces.entries()) {
    if (index === reply.dropAfterChunks) {
      // After the chunks so far reached the client: the answer breaks off mid-stream.
      setTimeout(() => response.destroy(), 50);
      return;
    }
    chunk({ content: piece });
  }
  (toolCalls(reply) ?? []).forEach((call, index) => {
    chunk({
      tool_calls: [
        { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
      ],
    });
    chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
  });
  chunk({}, reply.toolCalls ? 'tool_calls' : 'stop');
  if (includeUsage) send({ choices: [], usage: usageOf(reply, body) });
  response.end('data: [DONE]\n\n');
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join(' ');
  return '';
}

export function lastUserText(body: ChatRequestBody): string {
  const user = body.messages.filter((message) => message.role === 'user').at(-1);
  return user ? textOf(user.content) : '';
}

/** A crude, deterministic token count: words. */
function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
