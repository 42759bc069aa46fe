import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/** 401 `UNAUTHENTICATED`: no key, or a key that is unknown, revoked or expired. */
export class AuthenticationError extends FlowgateError {
  constructor(message: string, options: ServerErrorOptions) {
    super(message, options);
    this.name = 'AuthenticationError';
  }
}
