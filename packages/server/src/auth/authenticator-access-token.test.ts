import { describe, expect, it } from 'vitest';
import { generateSecretKey } from './access-token.ts';
import {
  MISSING_PROJECT,
  mint,
  OTHER_PROJECT,
  PROJECT,
  refusal,
  START,
  setup,
  withKey,
  withToken,
} from './authenticator-fixture.test-support.ts';

const nowSeconds = Math.floor(START / 1000);
const tokenCaller = { projectId: PROJECT, keyId: null, keyName: null, via: 'access-token' };

describe('Authenticator with access tokens (X-Lamatic-Signature)', () => {
  it('accepts a token as the Lamatic SDK sends it, with x-project-id', async () => {
    const { auth, addSecret } = await setup();
    const { secret } = await addSecret();
    const token = await mint(secret, { project_id: PROJECT, exp: nowSeconds + 3600 });
    const caller = await auth.authenticate(withToken(token, PROJECT));
    expect(caller).toMatchObject(tokenCaller);
    expect(caller.scopes).toEqual(['flows:execute', 'runs:read', 'feedback:write']);
  });

  it('picks the project from the project_id claim when x-project-id is absent', async () => {
    const { auth, addSecret } = await setup();
    const { secret } = await addSecret();
    await expect(
      auth.authenticate(withToken(await mint(secret, { project_id: PROJECT }))),
    ).resolves.toMatchObject(tokenCaller);
    const forged = await mint(generateSecretKey(), { project_id: PROJECT });
    expect((await refusal(auth.authenticate(withToken(forged)))).message).toBe(
      "Access token signature is not valid for this project's secret keys",
    );
    const nowhere = await refusal(
      auth.authenticate(withToken(await mint(secret, { project_id: MISSING_PROJECT }))),
    );
    expect(nowhere).toMatchObject({ code: 'PROJECT_NOT_FOUND', status: 404 });
    expect(nowhere.message).toMatch(/named by the access token's project_id claim does not exist/);
    const unnamed = await refusal(auth.authenticate(withToken(await mint(secret, { sub: 'u1' }))));
    expect(unnamed).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(unnamed.message).toMatch(
      /^Access token has no project_id claim and no x-project-id header was sent/,
    );
  });

  it('refuses expired, malformed, and other-project tokens with 403', async () => {
    const { auth, addSecret } = await setup();
    const { secret } = await addSecret();
    const expired = await mint(secret, { project_id: PROJECT, exp: nowSeconds - 3600 });
    const cases: [string, string | undefined, RegExp][] = [
      [expired, PROJECT, /^Access token expired at 2025-06-01T11:00:00\.000Z; mint a new one$/],
      ['not.a.jwt', PROJECT, /^Access token is not a valid JWT/],
      ['garbage', undefined, /^Access token is not a valid JWT/],
      [
        await mint(secret, { project_id: OTHER_PROJECT }),
        PROJECT,
        /^Access token is for project 2222.*, not project 1111/,
      ],
      [
        await mint(secret, { project_id: PROJECT }),
        OTHER_PROJECT,
        /^Access token is for project 1111.*, not project 2222/,
      ],
    ];
    for (const [token, projectId, message] of cases) {
      const error = await refusal(auth.authenticate(withToken(token, projectId)));
      expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(error.message).toMatch(message);
    }
    const missing = await refusal(auth.authenticate(withToken(expired, MISSING_PROJECT)));
    expect(missing.message).toBe(`Project ${MISSING_PROJECT} does not exist; check the x-project-id header`);
  });

  it('accepts tokens of either active secret key and refuses a revoked one', async () => {
    const { auth, addSecret, store, clock } = await setup();
    const older = await addSecret();
    clock.now += 1;
    const newer = await addSecret();
    const byOlder = await mint(older.secret, { project_id: PROJECT });
    const byNewer = await mint(newer.secret, { project_id: PROJECT });
    await expect(auth.authenticate(withToken(byOlder, PROJECT))).resolves.toMatchObject(tokenCaller);
    await expect(auth.authenticate(withToken(byNewer, PROJECT))).resolves.toMatchObject(tokenCaller);
    await store.secretKeys.revoke(PROJECT, older.id, clock.now);
    auth.invalidateProject(PROJECT);
    expect((await refusal(auth.authenticate(withToken(byOlder, PROJECT)))).message).toBe(
      "Access token signature is not valid for this project's secret keys",
    );
    await expect(auth.authenticate(withToken(byNewer, PROJECT))).resolves.toMatchObject(tokenCaller);
  });

  it('caches decrypted secret keys until the version moves or the time-to-live passes', async () => {
    const { auth, addSecret, store, clock } = await setup();
    const { secret } = await addSecret();
    const token = await mint(secret, { project_id: PROJECT });
    await Promise.all([1, 2, 3].map(() => auth.authenticate(withToken(token, PROJECT))));
    expect(store.reads.secretKeys).toBe(1);
    store.version += 1;
    await auth.authenticate(withToken(token, PROJECT));
    expect(store.reads.secretKeys).toBe(2);
    clock.now += 1000;
    await auth.authenticate(withToken(token, PROJECT));
    expect(store.reads.secretKeys).toBe(3);
  });

  it('keeps checking exp and x-project-id of a cached token', async () => {
    const { auth, addSecret, clock, store } = await setup({ cacheTtlMs: 60_000 });
    const { secret } = await addSecret();
    const token = await mint(secret, { project_id: PROJECT, exp: nowSeconds + 10 });
    await expect(auth.authenticate(withToken(token, PROJECT))).resolves.toMatchObject(tokenCaller);
    await expect(auth.authenticate(withToken(token))).resolves.toMatchObject(tokenCaller);
    expect((await refusal(auth.authenticate(withToken(token, OTHER_PROJECT)))).message).toMatch(
      /^Access token is for project 1111.*, not project 2222/,
    );
    clock.now += 14_000;
    await expect(auth.authenticate(withToken(token, PROJECT))).resolves.toMatchObject(tokenCaller);
    clock.now += 1_000;
    const expired = await refusal(auth.authenticate(withToken(token, PROJECT)));
    expect(expired).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(expired.message).toBe('Access token expired at 2025-06-01T12:00:10.000Z; mint a new one');
    // Read once for each project asked about; the token's later uses came from the cache.
    expect(store.reads.secretKeys).toBe(2);
  });

  it('tells a project without secret keys how to create one', async () => {
    const { auth } = await setup();
    const token = await mint(generateSecretKey(), { project_id: PROJECT });
    expect((await refusal(auth.authenticate(withToken(token, PROJECT)))).message).toBe(
      `Project ${PROJECT} has no active secret key, so access tokens cannot be checked; ` +
        `create one with flowgate secret-keys create --project ${PROJECT}`,
    );
  });

  it('fails as a server fault, not a refusal, when a secret key cannot be decrypted', async () => {
    const { auth, store } = await setup();
    await store.secretKeys.create({
      id: 'sk-broken',
      projectId: PROJECT,
      encryptedSecret: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA',
      createdAt: START,
      revokedAt: null,
    });
    const token = await mint(generateSecretKey(), { project_id: PROJECT });
    await expect(auth.authenticate(withToken(token, PROJECT))).rejects.toThrow(
      `Secret key sk-broken of project ${PROJECT} cannot be decrypted with this master key`,
    );
  });

  it('uses the API key when both headers are sent', async () => {
    const { auth, addKey, addSecret } = await setup();
    const { key } = await addKey();
    const { secret } = await addSecret();
    const token = await mint(secret, { project_id: PROJECT });
    const caller = await auth.authenticate({ ...withKey(key, PROJECT), signature: token });
    expect(caller.via).toBe('api-key');
  });
});
