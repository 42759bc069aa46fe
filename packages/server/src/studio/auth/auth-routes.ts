import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserRecord } from '../../store/store.ts';
import type { SessionView } from '../contract.ts';
import { parseInput } from '../http/parse-input.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../http/session-cookie.ts';
import { StudioError } from '../studio-error.ts';
import type { AccountService } from './account-service.ts';

const setupSchema = z.object({
  email: z.string().trim().max(320).email('write a valid email address, e.g. you@example.com'),
  password: z.string().min(10, 'use at least 10 characters').max(1000, 'use at most 1000 characters'),
});

const loginSchema = z.object({
  email: z.string().trim().min(1, 'write your email address').max(320),
  password: z.string().min(1, 'write your password').max(1000),
});

const users = new WeakMap<FastifyRequest, UserRecord>();

/** The logged-in user of a request that passed `requireSession`. */
export function currentUser(request: FastifyRequest): UserRecord {
  const user = users.get(request);
  if (!user) throw new StudioError('UNAUTHENTICATED', 'Log in to the Studio first.');
  return user;
}

/** An onRequest hook: 401 UNAUTHENTICATED unless the request carries a live session cookie. */
export function sessionGuard(accounts: AccountService) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = await accounts.userFor(readSessionCookie(request));
    if (!user) {
      throw new StudioError(
        'UNAUTHENTICATED',
        'You are not logged in, or your session expired; log in to the Studio again.',
      );
    }
    users.set(request, user);
  };
}

/** GET /session, POST /setup, /login, /logout: the routes that work without a session. */
export function registerAuthRoutes(
  scope: FastifyInstance,
  accounts: AccountService,
  now: () => number,
  publicOrigin: string | undefined,
): void {
  scope.get('/session', async (request): Promise<SessionView> => {
    return accounts.view(await accounts.userFor(readSessionCookie(request)));
  });

  scope.post('/setup', async (request, reply): Promise<SessionView> => {
    const input = parseInput(setupSchema, request.body, 'The setup form');
    const session = await accounts.setup(input.email, input.password);
    setSessionCookie(request, reply, session.token, session.expiresAt, now(), publicOrigin);
    return { setupRequired: false, user: session.user };
  });

  scope.post('/login', async (request, reply): Promise<SessionView> => {
    const input = parseInput(loginSchema, request.body, 'The login form');
    const session = await accounts.login(input.email, input.password);
    setSessionCookie(request, reply, session.token, session.expiresAt, now(), publicOrigin);
    return { setupRequired: false, user: session.user };
  });

  scope.post('/logout', async (request, reply) => {
    await accounts.logout(readSessionCookie(request));
    clearSessionCookie(request, reply, publicOrigin);
    return { ok: true as const };
  });
}
