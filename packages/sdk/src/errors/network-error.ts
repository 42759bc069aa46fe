import { FlowgateError } from './flowgate-error.ts';

/** The request got no answer: the server is unreachable, or the connection broke. Retryable. */
export class NetworkError extends FlowgateError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'NETWORK_ERROR', retryable: true, cause });
    this.name = 'NetworkError';
  }
}
