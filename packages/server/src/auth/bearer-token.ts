import { ApiError } from '../errors/api-error.ts';

const BEARER = 'Bearer ';
const SPACE = 0x20;
const TAB = 0x09;
const BEARER_FORM = /^\s*bearer\s+(\S+)\s*$/i;
const BEARER_ONLY = /^\s*bearer\s*$/i;
/** Schemes people send by mistake; only these are named back, so a stray secret is never echoed. */
const KNOWN_SCHEMES = new Set([
  'basic',
  'digest',
  'token',
  'apikey',
  'api-key',
  'negotiate',
  'dpop',
  'hoba',
  'mutual',
]);
const HOW = 'send the header Authorization: Bearer <your API key>';

/**
 * The token of an `Authorization: Bearer <token>` header. The scheme is matched without regard to
 * case (RFC 9110). Refusals say what is wrong with the header and never repeat the key.
 */
export function readBearerToken(header: string): string {
  if (header.startsWith(BEARER)) {
    const first = header.charCodeAt(BEARER.length);
    if (first !== SPACE && first !== TAB && header.length > BEARER.length) return header.slice(BEARER.length);
  }
  const match = BEARER_FORM.exec(header);
  if (match?.[1] !== undefined) return match[1];
  throw malformedHeader(header);
}

function malformedHeader(header: string): ApiError {
  const trimmed = header.trim();
  if (BEARER_ONLY.test(trimmed)) {
    return new ApiError('UNAUTHENTICATED', `The Authorization header has no API key after Bearer; ${HOW}`);
  }
  const [scheme = '', ...rest] = trimmed.split(/\s+/);
  if (rest.length === 0) {
    return new ApiError(
      'UNAUTHENTICATED',
      `The Authorization header is missing the "Bearer " prefix before the API key; ${HOW}`,
    );
  }
  if (scheme.toLowerCase() === 'bearer') {
    return new ApiError(
      'UNAUTHENTICATED',
      `The Authorization header must hold one API key after Bearer; ${HOW}`,
    );
  }
  const named = KNOWN_SCHEMES.has(scheme.toLowerCase()) ? `"${scheme}" ` : '';
  return new ApiError(
    'UNAUTHENTICATED',
    `The Authorization scheme ${named}is not supported; only Bearer API keys are: ${HOW}`,
  );
}
