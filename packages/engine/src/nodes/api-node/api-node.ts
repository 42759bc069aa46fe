import type { EngineError } from '../../errors/engine-error.ts';
import { NodeFailure } from '../../errors/node-failure.ts';
import { compileRetryPolicy, type RetryPolicy, runWithRetries } from '../../execute/retry.ts';
import type { OutboundResponse } from '../../http/outbound-http.ts';
import { OutboundHttpError } from '../../http/outbound-http-error.ts';
import { redactHeaders, redactUrl } from '../../http/redact-request.ts';
import { isJsonObject, type JsonValue } from '../../json.ts';
import type { TemplateScope } from '../../templates/template.ts';
import type { NodeKind, NodeRunContext } from '../node-kind.ts';
import { ApiRequestTemplate, hasHeader, type RenderedRequest } from './api-request-template.ts';
import { decodeResponseBody } from './api-response-body.ts';

interface ApiNodeConfig {
  request: ApiRequestTemplate;
  retry: RetryPolicy;
  convertXml: boolean;
  timeoutMs: number;
}

/** Lamatic has no timeout setting on this node; `timeout` (seconds) is Flowgate's addition. */
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 300_000;
const SNIPPET_LENGTH = 300;

/**
 * "API": calls an HTTP endpoint through the OutboundHttp port. Output = the response body (JSON
 * decoded, XML converted when asked, else text). A non-2xx answer fails the node naming method,
 * host, status and the start of the body; 408, 429, 5xx and network failures are retried per
 * `retries` / `retry_delay`, other 4xx are not. The trace's input is the request with credentials
 * redacted; its log says the status and how many attempts it took.
 */
export const apiNode: NodeKind<ApiNodeConfig> = {
  kind: 'apiNode',
  role: 'step',
  compile({ values, problem, warn, reads }) {
    const request = ApiRequestTemplate.compile(values, { problem, warn, reads });
    const retry = compileRetryPolicy(values, { problem, warn });
    return {
      request,
      retry,
      convertXml: isOn(values.convertXmlResponseToJson),
      timeoutMs: timeoutOf(values, problem),
    };
  },
  async run(config, context) {
    const rendered = render(config, context);
    const input = traceInput(rendered, context.scope);
    const logs: string[] = [];
    const started = performance.now();
    const response = await runWithRetries(
      config.retry,
      context.signal,
      () => send(config, rendered, context),
      (error, attempt) =>
        logs.push(
          `attempt ${attempt} failed: ${error.message}; retrying in ${config.retry.delayMs / 1000} s`,
        ),
    );
    const { value, as } = decodeResponseBody(
      response.body,
      response.headers['content-type'],
      config.convertXml,
    );
    const took = Math.round(performance.now() - started);
    logs.push(`${rendered.method} ${hostOf(response.url)} answered ${response.status} in ${took} ms (${as})`);
    return { output: value, input, logs };
  },
};

function render(config: ApiNodeConfig, { nodeId, scope }: NodeRunContext): RenderedRequest {
  try {
    const rendered = config.request.render(scope);
    if (!hasHeader(rendered.headers, 'user-agent')) rendered.headers['user-agent'] = 'Flowgate';
    if (!hasHeader(rendered.headers, 'accept')) rendered.headers.accept = 'application/json, text/plain, */*';
    return rendered;
  } catch (error) {
    throw new NodeFailure(nodeId, `${nodeId}: ${(error as Error).message}`, { code: 'HTTP_INVALID_REQUEST' });
  }
}

async function send(
  config: ApiNodeConfig,
  rendered: RenderedRequest,
  { nodeId, services, signal }: NodeRunContext,
): Promise<OutboundResponse> {
  let response: OutboundResponse;
  try {
    response = await services.http.request({ ...rendered, timeoutMs: config.timeoutMs, signal });
  } catch (error) {
    if (error instanceof OutboundHttpError) {
      throw new NodeFailure(nodeId, `${nodeId}: ${error.message}`, {
        code: error.code,
        retryable: error.retryable,
        cause: error,
      });
    }
    throw error;
  }
  if (response.status >= 200 && response.status < 300) return response;
  throw statusFailure(nodeId, rendered.method, response);
}

function statusFailure(nodeId: string, method: string, response: OutboundResponse): EngineError {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const body = response.body.replace(/\s+/g, ' ').trim();
  const snippet = body.length > SNIPPET_LENGTH ? `${body.slice(0, SNIPPET_LENGTH)}…` : body;
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  return new NodeFailure(
    nodeId,
    `${nodeId}: ${method} ${hostOf(response.url)} answered ${status}${snippet ? `: ${snippet}` : ''}`,
    { code: 'HTTP_STATUS', retryable },
  );
}

function traceInput(rendered: RenderedRequest, scope: TemplateScope): JsonValue {
  const secrets = secretValues(scope);
  return {
    method: rendered.method,
    url: redactUrl(rendered.url, secrets),
    headers: redactHeaders(rendered.headers, secrets),
  };
}

/** The project's secret values, when the flow reads any, so the trace can mask them. */
function secretValues(scope: TemplateScope): string[] {
  const secrets = scope.lookup('secrets');
  const project = isJsonObject(secrets) ? secrets.project : undefined;
  if (!isJsonObject(project)) return [];
  return Object.values(project).filter((value): value is string => typeof value === 'string');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function isOn(value: unknown): boolean {
  return value === true || value === 'true';
}

function timeoutOf(values: Readonly<Record<string, unknown>>, problem: (message: string) => void): number {
  const raw = values.timeout;
  if (raw === undefined || raw === null || raw === '') return DEFAULT_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > MAX_TIMEOUT_MS) {
    problem(`timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_MS / 1000}`);
    return DEFAULT_TIMEOUT_MS;
  }
  return seconds * 1000;
}
