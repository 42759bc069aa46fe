/**
 * Every error the API answers on purpose. The code is stable (clients switch on it) and maps to one
 * HTTP status; `extensions.code` in the GraphQL body carries it.
 */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INVALID_PAYLOAD: 400,
  /** An X-Callback-Url header that is not an absolute http(s) URL of at most 2048 characters. */
  INVALID_CALLBACK_URL: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PROJECT_NOT_FOUND: 404,
  WORKFLOW_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  /**
   * An Idempotency-Key sent again with another workflowId or payload. 422, as the IETF
   * Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-header §2.7) specifies for a reused key:
   * the request is well-formed but cannot be processed as sent, and repeating it never helps (409 is
   * the draft's answer to a request still in progress, which Flowgate waits for instead).
   */
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  WORKFLOW_FAILED: 200,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  /** Extra `extensions` fields (requestId, fields…); never secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ApiErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = API_ERROR_STATUS[code];
    this.details = details;
  }
}
