import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/** 403 `FORBIDDEN`: an access token that is expired or badly signed, another project's key, a missing scope. */
export class ForbiddenError extends FlowgateError {
  constructor(message: string, options: ServerErrorOptions) {
    super(message, options);
    this.name = 'ForbiddenError';
  }
}
