import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, UserRecord } from '../../store/store.ts';
import type { SessionView, UserView } from '../contract.ts';
import { StudioError } from '../studio-error.ts';
import { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password.ts';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Last-seen times are written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export interface StartedSession {
  /** The cookie's value: random, 32 bytes; only its SHA-256 is stored. */
  token: string;
  expiresAt: number;
  user: UserView;
}

/** The Studio's accounts: first-time setup, login, logout, and the session behind a cookie. */
export class AccountService {
  readonly #throttle: LoginThrottle;
  /** Verified against for unknown emails, so both answers take about as long. */
  readonly #decoyHash: Promise<string>;

  constructor(
    private readonly store: Pick<Store, 'users' | 'sessions'>,
    private readonly now: () => number,
  ) {
    this.#throttle = new LoginThrottle({
      now,
      freeFailures: 3,
      baseDelayMs: 250,
      maxDelayMs: 5000,
      windowMs: 15 * 60 * 1000,
      maxEntries: 10_000,
    });
    this.#decoyHash = hashPassword(randomBytes(16).toString('hex'));
  }

  async view(user: UserRecord | undefined): Promise<SessionView> {
    if (user) return { setupRequired: false, user: userView(user) };
    return { setupRequired: (await this.store.users.count()) === 0, user: null };
  }

  /** Creates the owner account and logs it in; only while no account exists. */
  async setup(email: string, password: string): Promise<StartedSession> {
    // Checked before hashing, so requests to a set-up server cost no scrypt; createFirst still decides races.
    if ((await this.store.users.count()) > 0) throw setupDone();
    const user: UserRecord = {
      id: randomUUID(),
      email: normaliseEmail(email),
      passwordHash: await hashPassword(password),
      createdAt: this.now(),
    };
    if (!(await this.store.users.createFirst(user))) throw setupDone();
    return this.start(user);
  }

  async login(email: string, password: string): Promise<StartedSession> {
    const normalised = normaliseEmail(email);
    const delay = this.#throttle.attempt(normalised);
    if (delay > 0) await sleep(delay);
    const user = await this.store.users.findByEmail(normalised);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.#decoyHash));
    if (!user || !matches) {
      throw new StudioError(
        'INVALID_CREDENTIALS',
        'That email and password do not match an account; check both and try again.',
      );
    }
    this.#throttle.succeeded(normalised);
    return this.start(user);
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.store.sessions.delete(sessionId(token));
  }

  /** The user behind a session cookie, or undefined when it is missing, unknown or expired. */
  async userFor(token: string | undefined): Promise<UserRecord | undefined> {
    if (!token || token.length > 200) return undefined;
    const now = this.now();
    const session = await this.store.sessions.findLive(sessionId(token), now);
    if (!session) return undefined;
    const user = await this.store.users.get(session.userId);
    if (user && now - session.lastSeenAt > TOUCH_EVERY_MS) {
      await this.store.sessions.touch(session.id, now, session.expiresAt);
    }
    return user;
  }

  private async start(user: UserRecord): Promise<StartedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + SESSION_TTL_MS;
    await this.store.sessions.create({
      id: sessionId(token),
      userId: user.id,
      createdAt: now,
      expiresAt,
      lastSeenAt: now,
    });
    // Expired sessions go when someone logs in: rare enough, and nothing else needs a timer.
    await this.store.sessions.deleteExpired(now);
    return { token, expiresAt, user: userView(user) };
  }
}

function setupDone(): StudioError {
  return new StudioError(
    'SETUP_DONE',
    'The owner account already exists; log in with its email and password instead.',
  );
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function userView(user: UserRecord): UserView {
  return { id: user.id, email: user.email, createdAt: user.createdAt };
}
