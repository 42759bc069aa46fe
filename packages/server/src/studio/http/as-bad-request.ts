import { StudioError } from '../studio-error.ts';

/**
 * Calls a service whose plain `Error`s are about the caller's input (their messages are written for
 * people: "A project name must have 1 to 200 characters."), and answers them as 400 BAD_REQUEST on
 * `field`. Only wrap calls whose every Error is such a refusal.
 */
export async function asBadRequest<T>(field: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StudioError || !(error instanceof Error) || error.name === 'StoreConstraintError') {
      throw error;
    }
    if (error.constructor !== Error && error.name !== 'CredentialError') throw error;
    throw StudioError.badRequest(error.message, [{ path: field, message: error.message }]);
  }
}
