import { isJsonObject, type JsonObject } from '../json.ts';
import { AuthenticationError } from './authentication-error.ts';
import { FlowgateError } from './flowgate-error.ts';
import { ForbiddenError } from './forbidden-error.ts';
import { InvalidPayloadError, type PayloadFieldProblem } from './invalid-payload-error.ts';
import { NotFoundError } from './not-found-error.ts';
import { RateLimitError } from './rate-limit-error.ts';
import { WorkflowError } from './workflow-error.ts';

/** One entry of a GraphQL body's `errors`, as the server sends it (DESIGN §1). */
export interface GraphqlErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions: JsonObject;
}

/** Statuses a proxy or a restarting server answers with; another attempt may pass. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** The entries of a body's `errors`, each with a message and an `extensions` object. */
export function readErrors(body: unknown): GraphqlErrorEntry[] {
  if (!isJsonObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isJsonObject).map((entry) => ({
    message: typeof entry.message === 'string' ? entry.message : 'The server answered with an error.',
    ...(Array.isArray(entry.path) ? { path: entry.path.filter(isPathPart) } : {}),
    extensions: isJsonObject(entry.extensions) ? entry.extensions : {},
  }));
}

/** The error class for one GraphQL error (or for a status without a GraphQL body). */
export function errorFromEntry(
  entry: GraphqlErrorEntry | undefined,
  status: number,
  retryAfterHeader: string | null,
): FlowgateError {
  const extensions = entry?.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : codeOfStatus(status);
  const requestId = typeof extensions.requestId === 'string' ? extensions.requestId : undefined;
  const message = entry?.message ?? `The server answered HTTP ${status} without a GraphQL error body.`;
  const options = { code, status, requestId, details: extensions };
  if (code === 'WORKFLOW_FAILED') {
    const nodeId = typeof extensions.nodeId === 'string' ? extensions.nodeId : null;
    return new WorkflowError(message, { ...options, nodeId });
  }
  if (code === 'INVALID_PAYLOAD')
    return new InvalidPayloadError(message, { ...options, fields: fieldsOf(extensions) });
  if (status === 401 || code === 'UNAUTHENTICATED') return new AuthenticationError(message, options);
  if (status === 403 || code === 'FORBIDDEN') return new ForbiddenError(message, options);
  if (status === 404 || code.endsWith('NOT_FOUND')) return new NotFoundError(message, options);
  if (status === 429 || code === 'RATE_LIMITED') {
    const retryAfterMs =
      parseRetryAfter(retryAfterHeader) ?? secondsToMs(extensions.retryAfterSeconds) ?? 1000;
    return new RateLimitError(message, { ...options, retryAfterMs });
  }
  return new FlowgateError(message, { ...options, retryable: TRANSIENT_STATUSES.has(status) });
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function secondsToMs(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value * 1000 : undefined;
}

function fieldsOf(extensions: JsonObject): PayloadFieldProblem[] {
  const fields = Array.isArray(extensions.fields) ? extensions.fields : [];
  return fields.filter(isJsonObject).map((field) => ({
    field: typeof field.field === 'string' ? field.field : '',
    message: typeof field.message === 'string' ? field.message : 'is not valid',
  }));
}

function codeOfStatus(status: number): string {
  if (TRANSIENT_STATUSES.has(status)) return 'SERVER_UNAVAILABLE';
  return status >= 500 ? 'INTERNAL' : 'UNEXPECTED_RESPONSE';
}

function isPathPart(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}
