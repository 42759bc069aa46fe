import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'flowgate_session';

/** The session token from the Cookie header, if any (only this one cookie is read). */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * HttpOnly, SameSite=Strict, Path=/studio; Secure when the request came over https or the configured
 * public origin is https (a TLS-terminating proxy forwards plain http, and Fastify trusts no proxy).
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: number,
  now: number,
  publicOrigin: string | undefined,
): void {
  const maxAge = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const valueAndExpiry = `${token}; Max-Age=${maxAge}; Expires=${new Date(expiresAt).toUTCString()}`;
  reply.header('set-cookie', cookie(request, valueAndExpiry, publicOrigin));
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicOrigin: string | undefined,
): void {
  const valueAndExpiry = `; Max-Age=0; Expires=${new Date(0).toUTCString()}`;
  reply.header('set-cookie', cookie(request, valueAndExpiry, publicOrigin));
}

function cookie(request: FastifyRequest, valueAndExpiry: string, publicOrigin: string | undefined): string {
  const https = request.protocol === 'https' || publicOrigin?.startsWith('https:') === true;
  const secure = https ? '; Secure' : '';
  return `${SESSION_COOKIE}=${valueAndExpiry}; Path=/studio; HttpOnly; SameSite=Strict${secure}`;
}
