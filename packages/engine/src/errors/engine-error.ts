/**
 * The base of every error the engine raises on purpose. `code` is stable (clients and the server's
 * error table key on it); `retryable` says whether running the same thing again can help.
 */
export class EngineError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
