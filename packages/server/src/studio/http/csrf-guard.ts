import type { FastifyRequest } from 'fastify';
import { StudioError } from '../studio-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a changing request (POST, PUT, DELETE…) that a cross-site page could have sent: it must carry
 * `x-flowgate-studio: 1` and a JSON content type (a form can set neither), and an Origin header, when
 * present, must be this server's.
 */
export function checkCsrf(request: FastifyRequest): void {
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
  if (origin !== undefined && origin !== 'null' && !sameOrigin(origin, request)) {
    throw new StudioError(
      'CSRF_REJECTED',
      `Requests from ${origin} are refused: the Studio only accepts changes from its own pages.`,
    );
  }
  if (origin === 'null') {
    throw new StudioError('CSRF_REJECTED', 'Requests from an opaque origin are refused; use the Studio.');
  }
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
