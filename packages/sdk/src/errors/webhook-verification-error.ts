import { FlowgateError } from './flowgate-error.ts';

export type WebhookRejection = 'missing-headers' | 'malformed' | 'outside-tolerance' | 'mismatch';

/** A webhook delivery that must not be trusted; `reason` says why. Answer it with 400 or 401. */
export class WebhookVerificationError extends FlowgateError {
  readonly reason: WebhookRejection;

  constructor(reason: WebhookRejection, message: string) {
    super(message, { code: 'WEBHOOK_REJECTED' });
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}
