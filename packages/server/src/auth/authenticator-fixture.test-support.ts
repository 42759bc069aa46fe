/** Shared set-up of the Authenticator tests: an in-memory store with two projects and helpers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach } from 'vitest';
import { SecretBox } from '../crypto/secret-box.ts';
import { ApiError } from '../errors/api-error.ts';
import type { ApiKeyRecord } from '../store/store.ts';
import { generateSecretKey } from './access-token.ts';
import { generateApiKey } from './api-key.ts';
import { type AuthenticationRequest, Authenticator } from './authenticator.ts';
import { ALL_SCOPES } from './caller.ts';
import { InMemoryAuthStore } from './in-memory-auth-store.test-support.ts';

export const START = Date.parse('2025-06-01T12:00:00.000Z');
export const PROJECT = '11111111-1111-4111-8111-111111111111';
export const OTHER_PROJECT = '22222222-2222-4222-8222-222222222222';
export const MISSING_PROJECT = '33333333-3333-4333-8333-333333333333';
const open: Authenticator[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((authenticator) => authenticator.close()));
});

export async function setup(options: { cacheTtlMs?: number } = {}) {
  const store = new InMemoryAuthStore();
  const secretBox = new SecretBox(randomBytes(32));
  const clock = { now: START };
  await store.projects.create({ id: PROJECT, name: 'Main', createdAt: START });
  await store.projects.create({ id: OTHER_PROJECT, name: 'Other', createdAt: START });
  const auth = new Authenticator({
    store,
    secretBox,
    now: () => clock.now,
    cacheTtlMs: options.cacheTtlMs ?? 1000,
  });
  open.push(auth);

  async function addKey(change: Partial<ApiKeyRecord> = {}) {
    const generated = generateApiKey();
    const record: ApiKeyRecord = {
      id: randomUUID(),
      projectId: PROJECT,
      name: 'backend',
      prefix: generated.prefix,
      lastFour: generated.lastFour,
      hash: generated.hash,
      scopes: [...ALL_SCOPES],
      createdAt: START,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      ...change,
    };
    await store.apiKeys.create(record);
    return { key: generated.key, record };
  }

  async function addSecret(projectId = PROJECT) {
    const secret = generateSecretKey();
    const id = randomUUID();
    const encryptedSecret = secretBox.encrypt(secret);
    await store.secretKeys.create({ id, projectId, encryptedSecret, createdAt: clock.now, revokedAt: null });
    return { id, secret };
  }

  return { store, auth, clock, addKey, addSecret };
}

export const withKey = (key: string, projectId?: string): AuthenticationRequest => ({
  authorization: `Bearer ${key}`,
  signature: undefined,
  projectId,
});

export const withToken = (token: string, projectId?: string): AuthenticationRequest => ({
  authorization: undefined,
  signature: token,
  projectId,
});

export function mint(secret: string, payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

export async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}
