import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import {
  generateSecretKey,
  importSecretKey,
  readUnverifiedProjectId,
  verifyAccessToken,
} from './access-token.ts';

const PROJECT = '93628611-e45c-4895-a807-7e6f950b295c';
const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const nowSeconds = Math.floor(NOW / 1000);

/** Signs as `jwt.sign(payload, secretText)` does: the secret string's UTF-8 bytes are the HMAC key. */
function mint(secretText: string, payload: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(new TextEncoder().encode(secretText));
}

/** A token built by hand with Node's HMAC over the secret string, as jsonwebtoken does internally. */
function mintByHand(secretText: string, payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${signingInput}.${createHmac('sha256', secretText).update(signingInput).digest('base64url')}`;
}

async function verify(token: string, secrets: string[], projectId = PROJECT) {
  const keys = await Promise.all(secrets.map(importSecretKey));
  return verifyAccessToken(token, { projectId, keys, now: NOW });
}

const refusal = (message: string | RegExp) => ({
  code: 'FORBIDDEN',
  status: 403,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
});

describe('generateSecretKey', () => {
  it('makes 32 random bytes as base64url text, distinct each time', () => {
    const secrets = new Set(Array.from({ length: 100 }, generateSecretKey));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect([...secrets][0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('verifyAccessToken', () => {
  const secret = generateSecretKey();

  it('accepts a token with project_id, with and without exp and iat', async () => {
    const bare = await mint(secret, { project_id: PROJECT });
    expect(await verify(bare, [secret])).toEqual({ project_id: PROJECT });
    const timed = await mint(secret, { project_id: PROJECT, iat: nowSeconds - 60, exp: nowSeconds + 3600 });
    expect(await verify(timed, [secret])).toMatchObject({ exp: nowSeconds + 3600 });
  });

  it('accepts a token signed the way jsonwebtoken signs, with the secret text as the key', async () => {
    const token = mintByHand(secret, { project_id: PROJECT, iat: nowSeconds });
    expect(await verify(token, [secret])).toMatchObject({ project_id: PROJECT });
  });

  it("accepts a token from jsonwebtoken itself, as Lamatic's docs mint them", async () => {
    const token = jsonwebtoken.sign({ project_id: PROJECT }, secret);
    expect(await verify(token, [secret])).toMatchObject({ project_id: PROJECT });
    const expiring = jsonwebtoken.sign({ project_id: PROJECT }, secret, { expiresIn: '1h' });
    expect(await verify(expiring, [secret])).toMatchObject({ project_id: PROJECT });
  });

  it('refuses an expired token, naming when it expired', async () => {
    const token = await mint(secret, { project_id: PROJECT, exp: nowSeconds - 60 });
    await expect(verify(token, [secret])).rejects.toMatchObject(
      refusal('Access token expired at 2025-06-01T11:59:00.000Z; mint a new one'),
    );
  });

  it('allows a few seconds of clock skew on exp and nbf', async () => {
    const justExpired = await mint(secret, { project_id: PROJECT, exp: nowSeconds - 3 });
    await expect(verify(justExpired, [secret])).resolves.toBeDefined();
    const almostValid = await mint(secret, { project_id: PROJECT, nbf: nowSeconds + 3 });
    await expect(verify(almostValid, [secret])).resolves.toBeDefined();
    const notYet = await mint(secret, { project_id: PROJECT, nbf: nowSeconds + 60 });
    await expect(verify(notYet, [secret])).rejects.toMatchObject(
      refusal(/^Access token claim "nbf" failed its check/),
    );
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mint(generateSecretKey(), { project_id: PROJECT });
    await expect(verify(token, [secret, generateSecretKey()])).rejects.toMatchObject(
      refusal("Access token signature is not valid for this project's secret keys"),
    );
  });

  it('tries every active secret key, so rotation works', async () => {
    const older = generateSecretKey();
    const newer = generateSecretKey();
    for (const signer of [older, newer]) {
      const token = await mint(signer, { project_id: PROJECT });
      await expect(verify(token, [newer, older])).resolves.toMatchObject({ project_id: PROJECT });
    }
    const expiredWithSecondKey = await mint(older, { project_id: PROJECT, exp: nowSeconds - 600 });
    await expect(verify(expiredWithSecondKey, [newer, older])).rejects.toMatchObject(
      refusal(/^Access token expired/),
    );
  });

  it('refuses text that is not a JWT', async () => {
    for (const token of ['not-a-jwt', 'a.b.c', `Bearer ${await mint(secret, { project_id: PROJECT })}`]) {
      await expect(verify(token, [secret])).rejects.toMatchObject(
        refusal(/^Access token is not a valid JWT/),
      );
    }
  });

  it('refuses algorithms other than HS256, alg none included', async () => {
    const hs512 = await mint(secret, { project_id: PROJECT }, 'HS512');
    await expect(verify(hs512, [secret])).rejects.toMatchObject(
      refusal('Access token is signed with HS512; only HS256 is accepted'),
    );
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ project_id: PROJECT }),
    ).toString('base64url')}.`;
    await expect(verify(unsigned, [secret])).rejects.toMatchObject(
      refusal('Access token is signed with none; only HS256 is accepted'),
    );
  });

  it('refuses a token without project_id or for another project', async () => {
    const missing = await mint(secret, { sub: 'user-1' });
    await expect(verify(missing, [secret])).rejects.toMatchObject(
      refusal(
        `Access token has no project_id claim; mint it with the payload { "project_id": "${PROJECT}" }`,
      ),
    );
    const other = await mint(secret, { project_id: 'other-project' });
    await expect(verify(other, [secret])).rejects.toMatchObject(
      refusal(/^Access token is for project other-project, not project 93628611-/),
    );
  });

  it('says so when the project has no active secret key', async () => {
    const token = await mint(secret, { project_id: PROJECT });
    await expect(verify(token, [])).rejects.toMatchObject(
      refusal(
        /^Project 93628611-.* has no active secret key, so access tokens cannot be checked; create one with/,
      ),
    );
  });
});

describe('readUnverifiedProjectId', () => {
  it('reads the claim without checking the signature', async () => {
    expect(readUnverifiedProjectId(await mint(generateSecretKey(), { project_id: 'p9' }))).toBe('p9');
    expect(readUnverifiedProjectId(await mint(generateSecretKey(), { project_id: 42 }))).toBeUndefined();
    expect(() => readUnverifiedProjectId('nope')).toThrow(/^Access token is not a valid JWT/);
  });
});
