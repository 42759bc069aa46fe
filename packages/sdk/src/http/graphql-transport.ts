import { errorFromEntry, type GraphqlErrorEntry, readErrors } from '../errors/error-from-answer.ts';
import { FlowgateError } from '../errors/flowgate-error.ts';
import { ForbiddenError } from '../errors/forbidden-error.ts';
import { RateLimitError } from '../errors/rate-limit-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { CallScope } from './call-scope.ts';
import { type RetryOptions, type RetrySafety, retryDelay } from './retry-policy.ts';

export type Credentials = { apiKey: string } | { accessToken: string };

/** Told before each retry: what failed, which retry follows (1 for the first), after how long. */
export type RetryListener = (event: { error: FlowgateError; retry: number; delayMs: number }) => void;

export interface TransportSettings {
  endpoint: string;
  projectId: string | undefined;
  credentials: Credentials;
  fetch: typeof fetch;
  retry: RetryOptions;
  /** Called once on a 403 when an access token is in use; its token is used for one more try. */
  refreshAccessToken: ((rejected: ForbiddenError) => string | Promise<string>) | undefined;
  onRetry: RetryListener | undefined;
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  headers?: Record<string, string>;
  safety: RetrySafety;
  /** Ask for Server-Sent Events (subscriptions). */
  stream?: boolean;
  /** Throw a 429 at once instead of waiting and retrying (batches pace themselves). */
  throwRateLimits?: boolean | undefined;
}

/** A GraphQL answer that holds data: per-field errors (aliased root fields) come alongside. */
export interface GraphqlAnswer {
  data: JsonObject;
  errors: GraphqlErrorEntry[];
}

/**
 * POSTs GraphQL documents to the project's endpoint: headers, auth, error classes, retries with
 * backoff, and one token refresh on 403.
 */
export class GraphqlTransport {
  // Private fields (#), not TypeScript `private`: console.log(client) must never print the key.
  #credentials: Credentials;
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#credentials = settings.credentials;
  }

  get retryOptions(): RetryOptions {
    return this.#settings.retry;
  }

  /** A query or mutation; throws the error class of the answer when it holds no data. */
  query(request: GraphqlRequest, scope: CallScope): Promise<GraphqlAnswer> {
    return this.send(request, scope, readAnswer);
  }

  /** A subscription: the open SSE response, or the error the server answered instead. */
  openStream(request: GraphqlRequest, scope: CallScope): Promise<Response> {
    return this.send({ ...request, stream: true }, scope, async (response) => {
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && type.includes('text/event-stream')) return response;
      return readAnswer(response).then(() => {
        throw new FlowgateError(`Expected an event stream, got HTTP ${response.status} ${type}.`, {
          code: 'UNEXPECTED_RESPONSE',
          status: response.status,
        });
      });
    });
  }

  private async send<T>(
    request: GraphqlRequest,
    scope: CallScope,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    let refreshed = false;
    let retry = 0;
    for (;;) {
      try {
        return await this.attempt(request, scope, read);
      } catch (error) {
        if (error instanceof ForbiddenError && !refreshed && this.canRefresh()) {
          refreshed = true;
          await this.refresh(error);
          continue;
        }
        if (!(error instanceof FlowgateError)) throw error;
        if (request.throwRateLimits && error instanceof RateLimitError) throw error;
        const delayMs = retryDelay(error, retry, this.#settings.retry, request.safety);
        if (delayMs === undefined || delayMs >= scope.remainingMs()) throw error;
        retry += 1;
        this.#settings.onRetry?.({ error, retry, delayMs });
        await scope.sleep(delayMs);
      }
    }
  }

  private async attempt<T>(
    request: GraphqlRequest,
    scope: CallScope,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    const stopped = scope.stopped();
    if (stopped !== undefined) throw stopped;
    try {
      const response = await this.#settings.fetch(this.#settings.endpoint, {
        method: 'POST',
        headers: this.headers(request),
        body: JSON.stringify({ query: request.query, variables: request.variables }),
        signal: scope.signal,
      });
      return await read(response);
    } catch (error) {
      if (error instanceof FlowgateError) throw error;
      throw scope.failure(error, this.#settings.endpoint);
    }
  }

  private headers(request: GraphqlRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
      ...request.headers,
    };
    if (this.#settings.projectId !== undefined) headers['x-project-id'] = this.#settings.projectId;
    if ('apiKey' in this.#credentials) headers.authorization = `Bearer ${this.#credentials.apiKey}`;
    else headers['x-lamatic-signature'] = this.#credentials.accessToken;
    return headers;
  }

  private canRefresh(): boolean {
    return this.#settings.refreshAccessToken !== undefined && 'accessToken' in this.#credentials;
  }

  private async refresh(rejected: ForbiddenError): Promise<void> {
    const refresh = this.#settings.refreshAccessToken;
    if (refresh === undefined) throw rejected;
    const accessToken = await refresh(rejected);
    if (typeof accessToken !== 'string' || accessToken === '') throw rejected;
    this.#credentials = { accessToken };
  }
}

/** The answer's data, or the error class of its first error. */
async function readAnswer(response: Response): Promise<GraphqlAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const errors = readErrors(body);
  const data = isJsonObject(body) && isJsonObject(body.data) ? body.data : undefined;
  if (!response.ok || data === undefined) {
    throw errorFromEntry(errors[0], response.status, response.headers.get('retry-after'));
  }
  return { data, errors };
}

/** A root field's value; when it is null, the error the server gave for it. */
export function fieldOf(answer: GraphqlAnswer, field: string): JsonValue {
  const value = answer.data[field];
  if (value !== undefined && value !== null) return value;
  const error = answer.errors.find((entry) => entry.path?.[0] === field) ?? answer.errors[0];
  throw errorFromEntry(error, 200, null);
}
