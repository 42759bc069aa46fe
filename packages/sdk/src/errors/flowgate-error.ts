import type { JsonObject } from '../json.ts';

export interface FlowgateErrorOptions {
  /** The server's `extensions.code` (e.g. `WORKFLOW_NOT_FOUND`), or the SDK's own (`NETWORK_ERROR`). */
  code: string;
  /** The HTTP status of the answer; undefined when there was none. */
  status?: number | undefined;
  /** The run's or the error's reference, when the server gave one: quote it when asking for help. */
  requestId?: string | undefined;
  /** Whether sending the same request again can succeed. */
  retryable?: boolean;
  /** The rest of the server's `extensions` (e.g. `limit`, `items`, `retryAfterSeconds`). */
  details?: Readonly<JsonObject>;
  cause?: unknown;
}

/** Every error the SDK throws: a stable `code` to switch on, and the HTTP `status` when there was one. */
export class FlowgateError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly details: Readonly<JsonObject>;

  constructor(message: string, options: FlowgateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlowgateError';
    this.code = options.code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/** What every subclass receives from the answer it was made of. */
export type ServerErrorOptions = Omit<FlowgateErrorOptions, 'retryable'>;
