import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/** 429 `RATE_LIMITED`: too many requests for the key or project; come back after `retryAfterMs`. */
export class RateLimitError extends FlowgateError {
  readonly retryAfterMs: number;

  constructor(message: string, options: ServerErrorOptions & { retryAfterMs: number }) {
    super(message, { ...options, retryable: true });
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
  }
}
