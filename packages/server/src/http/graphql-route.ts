import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql';
import type { Authenticator } from '../auth/authenticator.ts';
import { ApiError } from '../errors/api-error.ts';
import { formatError, formatResult, type LogUnexpected } from '../graphql/format-result.ts';
import type { GraphqlExecutor } from '../graphql/graphql-executor.ts';
import {
  RATE_LIMITED_STATUS,
  type RateLimiter,
  rateLimitedBody,
  rateLimitHeaders,
} from '../rate-limits/rate-limiter.ts';
import type { RunApi } from '../runs/run-api.ts';
import { readCallbackUrl } from '../webhooks/callback-url.ts';

export interface GraphqlRouteDependencies {
  authenticator: Pick<Authenticator, 'identify'>;
  executor: GraphqlExecutor;
  api: RunApi;
  /** Token buckets per key and project, checked once the caller is known. */
  rateLimiter: Pick<RateLimiter, 'check'>;
  logUnexpected: LogUnexpected;
}

interface GraphqlParameters {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** `POST /graphql` (and `POST /`, Lamatic clients post to both), `GET /graphql` for queries. */
export function registerGraphqlRoute(app: FastifyInstance, dependencies: GraphqlRouteDependencies): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => handle(request, reply, dependencies);
  app.post('/graphql', handler);
  app.post('/', handler);
  app.get('/graphql', handler);
}

async function handle(request: FastifyRequest, reply: FastifyReply, dependencies: GraphqlRouteDependencies) {
  const parameters = readParameters(request.method === 'GET' ? request.query : request.body);
  const headers = request.headers;
  const identified = dependencies.authenticator.identify({
    authorization: header(headers.authorization),
    signature: header(headers['x-lamatic-signature']),
    projectId: header(headers['x-project-id']),
  });
  const caller = identified instanceof Promise ? await identified : identified;
  request.projectId = caller.projectId;
  // In-memory buckets answer synchronously: no await (and no extra tick) on the hot path.
  const limited = dependencies.rateLimiter.check(caller);
  const decision = limited instanceof Promise ? await limited : limited;
  if (decision !== undefined) {
    reply.headers(rateLimitHeaders(decision));
    if (!decision.allowed)
      return reply.code(RATE_LIMITED_STATUS).send({ errors: [rateLimitedBody(decision)] });
  }
  const prepared = dependencies.executor.prepare(parameters.query, parameters.operationName);
  if (prepared.kind === 'rejected') {
    const errors = prepared.errors.map((error) => ({
      ...formatError(error, dependencies.logUnexpected),
      extensions: { code: prepared.code },
    }));
    return reply.code(400).send({ errors });
  }
  request.operation = prepared.label;
  if (request.method === 'GET' && prepared.operation !== 'query') {
    throw new ApiError('METHOD_NOT_ALLOWED', `A ${prepared.operation} must be sent with POST.`);
  }
  const context = {
    caller,
    api: dependencies.api,
    idempotencyKey: header(headers['idempotency-key']),
    callbackUrl: readCallbackUrl(headers['x-callback-url']),
  };
  if (prepared.operation === 'subscription') {
    const stream = await dependencies.executor.subscribe(
      prepared,
      parameters.variables,
      parameters.operationName,
      context,
    );
    if (Symbol.asyncIterator in stream) return streamEvents(request, reply, stream);
    const answer = formatResult(stream, dependencies.logUnexpected);
    return reply.code(answer.status).send(answer.body);
  }
  // A run whose nodes all answered at once makes the whole execution synchronous: no tick then.
  const executed = dependencies.executor.execute(
    prepared,
    parameters.variables,
    parameters.operationName,
    context,
  );
  const result = executed instanceof Promise ? await executed : executed;
  const answer = formatResult(result, dependencies.logUnexpected);
  // A 429 raised while running (the project's concurrency cap) says when to come back, too.
  const retryAfter =
    answer.status === 429 ? answer.body.errors?.[0]?.extensions.retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  request.graphqlAnswer = answer.body;
  return reply.code(answer.status).send(answer.body);
}

/**
 * Server-Sent Events: one `data:` frame per result, a comment every 15 s to keep proxies from
 * closing a quiet stream. Errors before the stream (auth, validation) were answered as plain JSON.
 */
async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  stream: AsyncGenerator<ExecutionResult>,
) {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
  request.raw.once('close', () => void stream.return(undefined));
  try {
    for await (const result of stream) {
      if (response.destroyed) break;
      response.write(`data: ${JSON.stringify(result)}\n\n`);
    }
  } finally {
    clearInterval(keepAlive);
    response.end();
  }
}

function readParameters(source: unknown): GraphqlParameters {
  if (!isPlainObject(source)) {
    throw new ApiError('BAD_REQUEST', 'Send a JSON body: {"query": "…", "variables": {…}}.');
  }
  const body = source as Record<string, unknown>;
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw new ApiError(
      'BAD_REQUEST',
      'The request has no GraphQL "query" string: send {"query": "…", "variables": {…}}.',
    );
  }
  let variables = body.variables;
  if (typeof variables === 'string' && variables !== '') {
    try {
      variables = JSON.parse(variables);
    } catch {
      throw new ApiError('BAD_REQUEST', '"variables" is not valid JSON.');
    }
  }
  if (variables !== undefined && variables !== null && variables !== '' && !isPlainObject(variables)) {
    throw new ApiError('BAD_REQUEST', '"variables" must be a JSON object.');
  }
  const operationName = body.operationName;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new ApiError('BAD_REQUEST', '"operationName" must be a string.');
  }
  return {
    query: body.query,
    variables: isPlainObject(variables) ? variables : undefined,
    operationName: operationName ?? undefined,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
