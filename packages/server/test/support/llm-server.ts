import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChatRequestBody,
  chatCompletion,
  INVALID_KEY,
  type LlmFailure,
  type LlmReply,
  lastUserText,
  sendError,
  sendJson,
  sendStream,
} from './llm-protocol.ts';

export type { ChatRequestBody, LlmFailure, LlmReply } from './llm-protocol.ts';

/**
 * OUR stand-in for paid LLM APIs (DESIGN §7): an OpenAI-compatible server on 127.0.0.1 that speaks the
 * real protocol — `POST /v1/chat/completions` as JSON or SSE chunks (with the usage chunk when
 * `stream_options.include_usage`), JSON mode / json_schema, tool calls, OpenAI-shaped errors with
 * Retry-After — and `GET /v1/models`. Tests script answers per call and read what was received.
 */
export type LlmAnswer = string | LlmReply | { fail: LlmFailure };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: ChatRequestBody;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface LlmServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get OpenAI's 401. */
  apiKey?: string;
  models?: string[];
}

export class TestLlmServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly queue: LlmAnswer[] = [];
  private handler: ((request: ReceivedRequest) => LlmAnswer | undefined) | undefined;
  private completions = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly options: LlmServerOptions,
  ) {}

  static async start(options: LlmServerOptions = {}): Promise<TestLlmServer> {
    let self: TestLlmServer | undefined;
    const server = http.createServer((request, response) => {
      void self?.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendError(response, { status: 500, message: String(error) });
        else response.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new TestLlmServer(server, `http://127.0.0.1:${port}`, options);
    return self;
  }

  /** The base URL providers take: `http://127.0.0.1:PORT/v1`. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  /** Queues answers for the next calls, in order. */
  reply(...answers: LlmAnswer[]): this {
    this.queue.push(...answers);
    return this;
  }

  fail(status: number, failure: Omit<LlmFailure, 'status'> = {}): this {
    return this.reply({ fail: { status, ...failure } });
  }

  /** Answers calls the queue does not cover; returning undefined falls back to an echo. */
  handle(handler: (request: ReceivedRequest) => LlmAnswer | undefined): this {
    this.handler = handler;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.handler = undefined;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.url).pathname.replace(/\/$/, '');
    const text = await readBody(request);
    if (
      this.options.apiKey !== undefined &&
      request.headers.authorization !== `Bearer ${this.options.apiKey}`
    ) {
      return sendError(response, { status: 401, ...INVALID_KEY });
    }
    if (request.method === 'GET' && path === '/v1/models') return this.sendModels(response);
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(response, {
        status: 404,
        message: `Unknown request URL: ${request.method} ${path}`,
        type: 'invalid_request_error',
        code: 'unknown_url',
      });
    }
    const body = JSON.parse(text) as ChatRequestBody;
    const received: ReceivedRequest = {
      method: request.method,
      path,
      headers: request.headers,
      body,
      at: performance.now(),
    };
    this.requests.push(received);
    const answer = this.queue.shift() ?? this.handler?.(received) ?? `echo: ${lastUserText(body)}`;
    if (typeof answer === 'object' && 'fail' in answer) return sendError(response, answer.fail);
    const reply = typeof answer === 'string' ? { content: answer } : answer;
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const completion = {
      id: `chatcmpl-test${++this.completions}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    if (body.stream) sendStream(response, completion, reply, body);
    else sendJson(response, 200, chatCompletion(completion, reply, body));
  }

  private sendModels(response: ServerResponse): void {
    const models = this.options.models ?? ['gpt-4o-mini', 'gpt-4o', 'llama-3.3-70b-versatile'];
    sendJson(response, 200, {
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'flowgate-test' })),
    });
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
