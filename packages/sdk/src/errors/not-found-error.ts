import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/**
 * 404: `code` says what is missing: `PROJECT_NOT_FOUND` (unknown project id, or nothing deployed yet),
 * `WORKFLOW_NOT_FOUND` (no deployed flow with that id) or `RUN_NOT_FOUND` (no run with that requestId).
 */
export class NotFoundError extends FlowgateError {
  constructor(message: string, options: ServerErrorOptions) {
    super(message, options);
    this.name = 'NotFoundError';
  }
}
