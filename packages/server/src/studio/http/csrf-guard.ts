import type { FastifyRequest } from 'fastify';
import { StudioError } from '../studio-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a changing request (POST, PUT, DELETE…) that a cross-site page could have sent: it must carry
 * `x-flowgate-studio: 1` and a JSON content type (a form can set neither), and an Origin header, when
 * present, must be this server's: the configured public origin (scheme, host and port) when there is
 * one, else the Host the request was sent to.
 */
export function checkCsrf(request: FastifyRequest, publicOrigin: string | undefined): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers['x-flowgate-studio'] !== '1') {
    throw new StudioError(
      'CSRF_REJECTED',
      'This request changes data and lacks the header x-flowgate-studio: 1; send it from the Studio (or add the header).',
    );
  }
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new StudioError(
      'CSRF_REJECTED',
      'This request changes data and must be sent with Content-Type: application/json.',
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && !sameOrigin(origin, request, publicOrigin)) {
    const fix =
      publicOrigin === undefined
        ? ''
        : ` Open the Studio at ${publicOrigin} (the configured FLOWGATE_PUBLIC_URL), or change that setting.`;
    throw new StudioError(
      'CSRF_REJECTED',
      `Requests from ${origin} are refused: the Studio only accepts changes from its own pages.${fix}`,
    );
  }
  if (origin === 'null') {
    throw new StudioError('CSRF_REJECTED', 'Requests from an opaque origin are refused; use the Studio.');
  }
}

function sameOrigin(origin: string, request: FastifyRequest, publicOrigin: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return publicOrigin === undefined ? url.host === request.headers.host : url.origin === publicOrigin;
  } catch {
    return false;
  }
}
