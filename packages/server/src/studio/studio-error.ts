import type { FlowProblem, StudioErrorBody, StudioErrorCode } from './contract.ts';

const STATUS: Record<StudioErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  SETUP_DONE: 409,
  CONFLICT: 409,
  DEPLOY_INVALID: 422,
  INTERNAL: 500,
};

/** An error of the Studio API: its status follows from the code, its body is `StudioErrorBody`. */
export class StudioError extends Error {
  readonly status: number;

  constructor(
    readonly code: StudioErrorCode,
    message: string,
    readonly details: Pick<StudioErrorBody['error'], 'fields' | 'problems'> = {},
  ) {
    super(message);
    this.name = 'StudioError';
    this.status = STATUS[code];
  }

  static badRequest(message: string, fields?: { path: string; message: string }[]): StudioError {
    return new StudioError('BAD_REQUEST', message, fields ? { fields } : {});
  }

  static notFound(message: string): StudioError {
    return new StudioError('NOT_FOUND', message);
  }

  static deployInvalid(message: string, problems: FlowProblem[]): StudioError {
    return new StudioError('DEPLOY_INVALID', message, { problems });
  }

  body(): StudioErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
