import { EngineError } from './engine-error.ts';

export interface PayloadIssue {
  /** Dotted path of the field, e.g. `url` or `user.age`; empty for the payload itself. */
  field: string;
  message: string;
}

/** The payload does not match the trigger's input schema. */
export class InvalidPayloadError extends EngineError {
  readonly issues: readonly PayloadIssue[];

  constructor(issues: readonly PayloadIssue[]) {
    const text = issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message));
    super('INVALID_PAYLOAD', `Payload does not match the workflow's input schema: ${text.join('; ')}`);
    this.issues = issues;
  }
}
