import { webhookUrlProblem } from '@flowgate/engine';
import { ApiError } from '../errors/api-error.ts';

export const CALLBACK_URL_HEADER = 'x-callback-url';

/**
 * The `X-Callback-Url` header of an execute request: where this run's result is delivered, besides
 * the flow's own webhookUrl. Checked before anything runs (400 INVALID_CALLBACK_URL); whether the
 * address may be reached is decided at delivery, by the outbound guard.
 */
export function readCallbackUrl(header: string | string[] | undefined): string | undefined {
  if (Array.isArray(header)) {
    if (header.length > 1) {
      throw new ApiError('INVALID_CALLBACK_URL', 'Send one X-Callback-Url header, not several.');
    }
    return readCallbackUrl(header[0]);
  }
  if (header === undefined) return undefined;
  const url = header.trim();
  if (url === '') throw new ApiError('INVALID_CALLBACK_URL', 'The X-Callback-Url header is empty.');
  const problem = webhookUrlProblem(url);
  if (problem) {
    throw new ApiError(
      'INVALID_CALLBACK_URL',
      `X-Callback-Url ${problem}; send an absolute http(s) URL such as https://example.com/hooks/flowgate.`,
    );
  }
  return url;
}
