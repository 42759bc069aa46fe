import { EngineError } from '../errors/engine-error.ts';

export type OutboundHttpErrorKind =
  | 'INVALID_REQUEST'
  | 'REFUSED'
  | 'DNS'
  | 'CONNECTION'
  | 'TLS'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS';

/** Kinds where the same request may succeed a moment later. */
const RETRYABLE = new Set<OutboundHttpErrorKind>(['CONNECTION', 'TIMEOUT']);

/**
 * An HTTP request that got no answer. The message names the host (never headers or body) and,
 * for refusals, how to allow the address. Code `HTTP_<kind>`; DNS failures are retryable only when
 * the resolver said "try again" (`temporary`), not for a name that does not exist.
 */
export class OutboundHttpError extends EngineError {
  readonly kind: OutboundHttpErrorKind;

  constructor(
    kind: OutboundHttpErrorKind,
    message: string,
    options: { cause?: unknown; temporary?: boolean } = {},
  ) {
    super(`HTTP_${kind}`, message, {
      retryable: RETRYABLE.has(kind) || options.temporary === true,
      cause: options.cause,
    });
    this.kind = kind;
  }
}
