import { hash, type webcrypto } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.ts';
import { ApiError } from '../errors/api-error.ts';
import type { SecretKeyRecord, Store } from '../store/store.ts';
import {
  ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
  accessTokenExpired,
  importSecretKey,
  readUnverifiedProjectId,
  verifyAccessToken,
} from './access-token.ts';
import { ALL_SCOPES, type Caller } from './caller.ts';
import { ExpiringCache } from './expiring-cache.ts';

/** Answers 404 when the project does not exist; `from` says where its id came from, for the message. */
export type RequireProject = (
  projectId: string,
  now: number,
  version: number,
  from: 'header' | 'token',
) => Promise<void>;

interface VerifiedToken {
  caller: Caller;
  expSeconds: number | null;
  /** Epoch ms from which the token counts as expired (its `exp` plus the clock tolerance). */
  usableUntil: number | null;
}

/**
 * The access-token half of the {@link Authenticator}: verifies `X-Lamatic-Signature` tokens against
 * the project's active secret keys, decrypted once and cached. A verified token is cached too (by its
 * SHA-256, with the x-project-id it came with), so an SDK client reusing one token pays one HMAC per
 * time-to-live; its `exp` is still checked on every use.
 */
export class AccessTokenAuthenticator {
  readonly #store: Pick<Store, 'secretKeys'>;
  readonly #secretBox: Pick<SecretBox, 'decrypt'>;
  readonly #requireProject: RequireProject;
  readonly #secretKeys: ExpiringCache<string, readonly webcrypto.CryptoKey[]>;
  readonly #tokens: ExpiringCache<string, VerifiedToken>;

  constructor(options: {
    store: Pick<Store, 'secretKeys'>;
    secretBox: Pick<SecretBox, 'decrypt'>;
    cache: { maxEntries: number; ttlMs: number };
    requireProject: RequireProject;
  }) {
    this.#store = options.store;
    this.#secretBox = options.secretBox;
    this.#requireProject = options.requireProject;
    this.#secretKeys = new ExpiringCache(options.cache);
    this.#tokens = new ExpiringCache(options.cache);
  }

  async authenticate(
    token: string,
    headerProjectId: string | undefined,
    now: number,
    version: number,
  ): Promise<Caller> {
    const tokenHash = hash('sha256', token, 'hex');
    const cacheKey = headerProjectId === undefined ? tokenHash : `${tokenHash} ${headerProjectId}`;
    const verified =
      this.#tokens.get(cacheKey, now, version) ??
      (await this.#tokens.load(cacheKey, now, version, () =>
        this.#verify(token, headerProjectId, now, version),
      ));
    if (verified.usableUntil !== null && verified.usableUntil <= now) {
      throw accessTokenExpired(verified.expSeconds ?? undefined);
    }
    return verified.caller;
  }

  invalidateProject(projectId: string): void {
    this.#secretKeys.delete(projectId);
    this.#tokens.deleteWhere((verified) => verified.caller.projectId === projectId);
  }

  invalidateAll(): void {
    this.#secretKeys.clear();
    this.#tokens.clear();
  }

  async #verify(
    token: string,
    headerProjectId: string | undefined,
    now: number,
    version: number,
  ): Promise<VerifiedToken> {
    const projectId = headerProjectId ?? readUnverifiedProjectId(token);
    if (projectId === undefined) {
      throw new ApiError(
        'FORBIDDEN',
        'Access token has no project_id claim and no x-project-id header was sent; ' +
          'mint it with the payload { "project_id": "<your project id>" }',
      );
    }
    await this.#requireProject(projectId, now, version, headerProjectId === undefined ? 'token' : 'header');
    const keys =
      this.#secretKeys.get(projectId, now, version) ??
      (await this.#secretKeys.load(projectId, now, version, () => this.#fetchSecretKeys(projectId)));
    const payload = await verifyAccessToken(token, { projectId, keys, now });
    const expSeconds = typeof payload.exp === 'number' ? payload.exp : null;
    const caller: Caller = { projectId, keyId: null, keyName: null, scopes: ALL_SCOPES, via: 'access-token' };
    return {
      caller: Object.freeze(caller),
      expSeconds,
      usableUntil: expSeconds === null ? null : (expSeconds + ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000,
    };
  }

  async #fetchSecretKeys(projectId: string): Promise<readonly webcrypto.CryptoKey[]> {
    const records = await this.#store.secretKeys.listActive(projectId);
    const active = records.filter((record) => record.revokedAt === null);
    return Promise.all(active.map((record) => importSecretKey(this.#openSecret(record))));
  }

  #openSecret(record: SecretKeyRecord): string {
    try {
      return this.#secretBox.decrypt(record.encryptedSecret);
    } catch (error) {
      // A server fault (the master key changed), not the caller's: surfaces as INTERNAL and is logged.
      throw new Error(
        `Secret key ${record.id} of project ${record.projectId} cannot be decrypted with this master key`,
        { cause: error },
      );
    }
  }
}
