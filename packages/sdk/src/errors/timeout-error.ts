import { FlowgateError } from './flowgate-error.ts';

/**
 * The call's `timeoutMs` passed. When a run was started, `requestId` names it: it may still finish,
 * and `wait(requestId)` or `status(requestId)` finds out.
 */
export class TimeoutError extends FlowgateError {
  constructor(message: string, requestId?: string) {
    super(message, { code: 'TIMEOUT', requestId });
    this.name = 'TimeoutError';
  }
}
