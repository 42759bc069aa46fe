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

/** HttpOnly, SameSite=Strict, Path=/studio; Secure when the request came over https. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: number,
  now: number,
): void {
  const maxAge = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  reply.header(
    'set-cookie',
    cookie(request, `${token}; Max-Age=${maxAge}; Expires=${new Date(expiresAt).toUTCString()}`),
  );
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(request, `; Max-Age=0; Expires=${new Date(0).toUTCString()}`));
}

function cookie(request: FastifyRequest, valueAndExpiry: string): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${valueAndExpiry}; Path=/studio; HttpOnly; SameSite=Strict${secure}`;
}
