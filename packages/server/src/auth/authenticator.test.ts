import { describe, expect, it } from 'vitest';
import { generateApiKey } from './api-key.ts';
import type { Authenticator } from './authenticator.ts';
import {
  MISSING_PROJECT,
  OTHER_PROJECT,
  PROJECT,
  refusal,
  START,
  setup,
  withKey,
} from './authenticator-fixture.test-support.ts';
import { requireScope } from './caller.ts';

describe('Authenticator with API keys', () => {
  it('asks for a key when neither header is sent', async () => {
    const { auth } = await setup();
    for (const request of [
      { authorization: undefined, signature: undefined, projectId: PROJECT },
      { authorization: ' ', signature: '', projectId: undefined },
    ]) {
      const error = await refusal(auth.authenticate(request));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(error.message).toBe('No API key: send the header Authorization: Bearer <your API key>');
    }
  });

  it('says the Bearer prefix is missing, or the scheme unsupported, without echoing the key', async () => {
    const { auth, addKey } = await setup();
    const { key } = await addKey();
    const bare = await refusal(
      auth.authenticate({ authorization: key, signature: undefined, projectId: PROJECT }),
    );
    expect(bare).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('missing the "Bearer " prefix'),
    });
    expect(bare.message).not.toContain(key.slice(3));
    const basic = await refusal(
      auth.authenticate({ authorization: 'Basic abc', signature: undefined, projectId: undefined }),
    );
    expect(basic).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('"Basic" is not supported'),
    });
  });

  it('accepts a key with or without x-project-id, and answers the key’s caller', async () => {
    const { auth, addKey } = await setup();
    const { key, record } = await addKey({ name: 'ci', scopes: ['runs:read'] });
    const expected = {
      projectId: PROJECT,
      keyId: record.id,
      keyName: 'ci',
      scopes: ['runs:read'],
      via: 'api-key',
    };
    expect(await auth.authenticate(withKey(key, PROJECT))).toEqual(expected);
    const caller = await auth.authenticate(withKey(key));
    expect(caller).toEqual(expected);
    expect(() => requireScope(caller, 'flows:execute')).toThrow('This API key lacks the scope flows:execute');
  });

  it('refuses a mistyped key without asking the store, and an unknown one after asking once', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key } = await addKey();
    const typo = `${key.slice(0, 10)}${key[10] === 'a' ? 'b' : 'a'}${key.slice(11)}`;
    const mistyped = await refusal(auth.authenticate(withKey(typo, PROJECT)));
    expect(mistyped).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(mistyped.message).toMatch(/^API key is not valid: it is not a whole Flowgate key .*keys create$/);
    expect(store.reads.apiKeys).toBe(0);

    const { key: unknown } = generateApiKey();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const error = await refusal(auth.authenticate(withKey(unknown, PROJECT)));
      expect(error.message).toBe(
        'API key is not valid: no key with this value exists here (it may have been deleted); create one with flowgate keys create',
      );
      expect(error.message).not.toContain(unknown.slice(3));
    }
    expect(store.reads.apiKeys).toBe(1);
    clock.now += 1000;
    await refusal(auth.authenticate(withKey(unknown, PROJECT)));
    expect(store.reads.apiKeys).toBe(2);
  });

  it('refuses a revoked key and an expired key, saying when', async () => {
    const { auth, addKey, clock } = await setup();
    const { key: revoked } = await addKey({ revokedAt: START - 86_400_000 });
    expect((await refusal(auth.authenticate(withKey(revoked, PROJECT)))).message).toBe(
      'API key was revoked on 2025-05-31T12:00:00.000Z; create a new one with flowgate keys create',
    );
    const { key: expiring } = await addKey({ expiresAt: START + 500 });
    await expect(auth.authenticate(withKey(expiring, PROJECT))).resolves.toMatchObject({
      projectId: PROJECT,
    });
    clock.now += 500;
    const expired = await refusal(auth.authenticate(withKey(expiring, PROJECT)));
    expect(expired).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(expired.message).toBe(
      'API key expired on 2025-06-01T12:00:00.500Z; create a new one with flowgate keys create',
    );
  });

  it('answers 404 for an unknown x-project-id and 403 for another project’s id', async () => {
    const { auth, addKey, store } = await setup();
    const { key } = await addKey();
    const missing = await refusal(auth.authenticate(withKey(key, MISSING_PROJECT)));
    expect(missing).toMatchObject({ code: 'PROJECT_NOT_FOUND', status: 404 });
    expect(missing.message).toBe(`Project ${MISSING_PROJECT} does not exist; check the x-project-id header`);
    const other = await refusal(auth.authenticate(withKey(key, OTHER_PROJECT)));
    expect(other).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(other.message).toBe(
      `This API key belongs to another project, not ${OTHER_PROJECT}; use a key of that project, or fix the x-project-id header`,
    );
    await refusal(auth.authenticate(withKey(key, MISSING_PROJECT)));
    expect(store.reads.projects).toBe(2);
  });

  it('records the last use off the request path and writes it on flush', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key, record } = await addKey();
    await auth.authenticate(withKey(key, PROJECT));
    clock.now += 10;
    await auth.authenticate(withKey(key, PROJECT));
    expect(store.touches).toEqual([]);
    await auth.flush();
    expect(store.touches).toEqual([[{ id: record.id, at: START + 10 }]]);
  });

  it('is not slowed or failed by a failing last-used write', async () => {
    const { auth, addKey, store } = await setup();
    store.failTouches = true;
    const { key } = await addKey();
    await expect(auth.authenticate(withKey(key))).resolves.toMatchObject({ via: 'api-key' });
    await auth.flush();
  });
});

describe('Authenticator caching', () => {
  it('answers a cached key without a store call, until the time-to-live passes', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key } = await addKey();
    await Promise.all([1, 2, 3].map(() => auth.authenticate(withKey(key, PROJECT))));
    expect(store.reads.apiKeys).toBe(1);
    clock.now += 999;
    await auth.authenticate(withKey(key, PROJECT));
    expect(store.reads.apiKeys).toBe(1);
    clock.now += 1;
    await auth.authenticate(withKey(key, PROJECT));
    expect(store.reads.apiKeys).toBe(2);
  });

  it('sees a revoke by another process once the external change version moves', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key, record } = await addKey();
    await auth.authenticate(withKey(key, PROJECT));
    store.updateApiKey(record.id, { revokedAt: clock.now });
    await expect(auth.authenticate(withKey(key, PROJECT))).resolves.toBeDefined();
    store.version += 1;
    expect((await refusal(auth.authenticate(withKey(key, PROJECT)))).message).toMatch(
      /^API key was revoked on /,
    );
  });

  it('sees a revoke without a version change within the time-to-live', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key, record } = await addKey();
    await auth.authenticate(withKey(key, PROJECT));
    store.updateApiKey(record.id, { revokedAt: clock.now });
    clock.now += 1000;
    expect((await refusal(auth.authenticate(withKey(key, PROJECT)))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a key on the very next request after an in-process revoke and invalidate', async () => {
    for (const invalidate of [
      (auth: Authenticator) => auth.invalidateProject(PROJECT),
      (auth: Authenticator) => auth.invalidateAll(),
    ]) {
      const { auth, addKey, store, clock } = await setup();
      const { key, record } = await addKey();
      await auth.authenticate(withKey(key, PROJECT));
      await store.apiKeys.revoke(PROJECT, record.id, clock.now);
      invalidate(auth);
      expect((await refusal(auth.authenticate(withKey(key, PROJECT)))).message).toMatch(
        /^API key was revoked on /,
      );
    }
  });

  it('keeps other projects’ keys cached when one project is invalidated', async () => {
    const { auth, addKey, store } = await setup();
    const { key } = await addKey({ projectId: OTHER_PROJECT });
    await auth.authenticate(withKey(key));
    auth.invalidateProject(PROJECT);
    await auth.authenticate(withKey(key));
    expect(store.reads.apiKeys).toBe(1);
  });

  it('does not cache a lookup that was under way when the project was invalidated', async () => {
    const { auth, addKey, store, clock } = await setup();
    const { key, record } = await addKey();
    const pending = auth.authenticate(withKey(key, PROJECT));
    await store.apiKeys.revoke(PROJECT, record.id, clock.now);
    auth.invalidateProject(PROJECT);
    await pending.catch(() => undefined);
    expect((await refusal(auth.authenticate(withKey(key, PROJECT)))).message).toMatch(
      /^API key was revoked on /,
    );
  });
});
