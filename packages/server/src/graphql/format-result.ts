import { randomUUID } from 'node:crypto';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from '../errors/api-error.ts';

export interface ErrorBody {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: string; [key: string]: unknown };
}

export interface HttpAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: ErrorBody[] };
}

/** Unexpected errors are logged whole under a reference and answered with that reference only. */
export type LogUnexpected = (error: unknown, reference: string) => void;

/**
 * The GraphQL-over-HTTP answer for an execution result: errors carry a stable `extensions.code`;
 * the status is 200 when any root field has data, else the status of the first error.
 */
export function formatResult(result: ExecutionResult, logUnexpected: LogUnexpected): HttpAnswer {
  const errors = result.errors?.map((error) => formatError(error, logUnexpected));
  if (result.data === undefined || result.data === null) {
    return { status: errors?.[0] ? statusOf(errors[0]) : 400, body: { errors: errors ?? [] } };
  }
  const body: HttpAnswer['body'] = errors ? { errors, data: result.data } : { data: result.data };
  const anyData = Object.values(result.data).some((value) => value !== null && value !== undefined);
  return { status: anyData || !errors?.[0] ? 200 : statusOf(errors[0]), body };
}

export function formatError(error: GraphQLError, logUnexpected: LogUnexpected): ErrorBody {
  const original = error.originalError;
  const located = {
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  if (original instanceof ApiError) {
    return {
      message: original.message,
      ...located,
      extensions: { ...original.details, code: original.code },
    };
  }
  // No original error, or a GraphQL one (a variable or literal the schema refuses): the request's fault.
  if (original === undefined || original === null || original instanceof GraphQLError) {
    return { message: error.message, ...located, extensions: { code: 'BAD_REQUEST' } };
  }
  return { ...internalError(original, logUnexpected), ...located };
}

export function internalError(error: unknown, logUnexpected: LogUnexpected): ErrorBody {
  const reference = randomUUID();
  logUnexpected(error, reference);
  return {
    message: `Internal error; the server logged it under reference ${reference}.`,
    extensions: { code: 'INTERNAL', requestId: reference },
  };
}

export function apiErrorBody(error: ApiError): ErrorBody {
  return { message: error.message, extensions: { ...error.details, code: error.code } };
}

function statusOf(error: ErrorBody): number {
  return API_ERROR_STATUS[error.extensions.code as ApiErrorCode] ?? 500;
}
