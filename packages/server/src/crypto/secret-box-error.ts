/**
 * A value could not be opened by the secret box: it was altered, is not in the `v1.` format, or was
 * sealed under another master key. Never retryable; the message names no secret material.
 */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}
