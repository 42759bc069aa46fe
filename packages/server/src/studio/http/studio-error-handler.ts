import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { StudioErrorBody } from '../contract.ts';
import { StudioError } from '../studio-error.ts';

export type LogUnexpected = (error: unknown, reference: string) => void;

/**
 * Every error under /studio/api leaves as StudioErrorBody: StudioError with its own status, bad bodies
 * as BAD_REQUEST, anything else as INTERNAL with a reference that is in the server log (never a stack).
 */
export function useStudioErrors(scope: FastifyInstance, logUnexpected: LogUnexpected): void {
  scope.setErrorHandler((error: FastifyError, _request, reply) => {
    const studioError = toStudioError(error, logUnexpected);
    return reply.code(studioError.status).send(studioError.body());
  });
  scope.setNotFoundHandler((request, reply) => {
    const body: StudioErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `No Studio API route ${request.method} ${request.url.split('?')[0]}; the routes are listed in studio/contract.ts.`,
      },
    };
    return reply.code(404).send(body);
  });
}

export function toStudioError(error: unknown, logUnexpected: LogUnexpected): StudioError {
  if (error instanceof StudioError) return error;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return StudioError.badRequest('The request is not valid; fix the fields listed.', fields);
  }
  const known = fastifyError(error);
  if (known) return known;
  const reference = randomUUID();
  logUnexpected(error, reference);
  return new StudioError(
    'INTERNAL',
    `Something went wrong on the server (reference ${reference}); try again, and give this reference to whoever runs Flowgate if it keeps happening.`,
  );
}

function fastifyError(error: unknown): StudioError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode, message } = error as Partial<FastifyError>;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return StudioError.badRequest('The request body is too large; send less at once.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return StudioError.badRequest('Send the request with Content-Type: application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return StudioError.badRequest('The Content-Length header does not match the body.');
  }
  if (error instanceof SyntaxError || statusCode === 400) {
    return StudioError.badRequest(`The request body is not valid JSON: ${message ?? 'unreadable'}.`);
  }
  return undefined;
}
