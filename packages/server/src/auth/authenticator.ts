import type { SecretBox } from '../crypto/secret-box.ts';
import { ApiError } from '../errors/api-error.ts';
import type { ApiKeyRecord, Project, Store } from '../store/store.ts';
import { AccessTokenAuthenticator } from './access-token-authenticator.ts';
import { API_KEY_LENGTH, hashApiKey, looksLikeApiKey } from './api-key.ts';
import { readBearerToken } from './bearer-token.ts';
import { type Caller, parseScopes } from './caller.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { LastUsedTracker } from './last-used-tracker.ts';

export type AuthStore = Pick<Store, 'projects' | 'apiKeys' | 'secretKeys' | 'externalChangeVersion'>;

export interface AuthenticationRequest {
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The `X-Lamatic-Signature` header (an access token). */
  signature: string | undefined;
  /** The `x-project-id` header. */
  projectId: string | undefined;
}

export interface AuthenticatorOptions {
  store: AuthStore;
  secretBox: Pick<SecretBox, 'decrypt'>;
  now: () => number;
  /** How long a looked-up key, project or secret-key set is trusted without asking the store. */
  cacheTtlMs?: number;
  /** Bound of each cache (keys, unknown keys, projects, secret-key sets). */
  maxCacheEntries?: number;
  lastUsedFlushMs?: number;
  /** Errors of background work (last-used writes); the caller logs them. */
  onBackgroundError?: (error: unknown) => void;
}

interface KnownKey {
  caller: Caller & { readonly keyId: string };
  expiresAt: number | null;
  revokedAt: number | null;
}

const HOW = 'send the header Authorization: Bearer <your API key>';
const CREATE_KEY = 'create one with flowgate keys create';

/**
 * Turns request headers into a {@link Caller} or a refusal (DESIGN §1). A cached API key costs one
 * SHA-256 and one map lookup: keys, projects and decrypted secret keys are cached for `cacheTtlMs`
 * and dropped as soon as `store.externalChangeVersion()` moves, or when `invalidateProject` /
 * `invalidateAll` are called after an in-process change, so a revoke is seen by the next request.
 */
export class Authenticator {
  readonly #store: AuthStore;
  readonly #now: () => number;
  readonly #keys: ExpiringCache<string, KnownKey>;
  readonly #unknownKeys: ExpiringCache<string, true>;
  readonly #projects: ExpiringCache<string, Project | null>;
  readonly #accessTokens: AccessTokenAuthenticator;
  readonly #lastUsed: LastUsedTracker;

  constructor(options: AuthenticatorOptions) {
    this.#store = options.store;
    this.#now = options.now;
    const ttlMs = options.cacheTtlMs ?? 1000;
    const maxEntries = options.maxCacheEntries ?? 10_000;
    this.#keys = new ExpiringCache({ maxEntries, ttlMs });
    this.#unknownKeys = new ExpiringCache({ maxEntries, ttlMs });
    this.#projects = new ExpiringCache({ maxEntries, ttlMs });
    this.#accessTokens = new AccessTokenAuthenticator({
      store: options.store,
      secretBox: options.secretBox,
      cache: { maxEntries, ttlMs },
      requireProject: (projectId, now, version, from) => this.#requireProject(projectId, now, version, from),
    });
    this.#lastUsed = new LastUsedTracker({
      apiKeys: options.store.apiKeys,
      ...(options.lastUsedFlushMs === undefined ? {} : { flushIntervalMs: options.lastUsedFlushMs }),
      ...(options.onBackgroundError === undefined ? {} : { onError: options.onBackgroundError }),
    });
  }

  /** An API key (`Authorization`) wins when both headers are sent. */
  async authenticate(request: AuthenticationRequest): Promise<Caller> {
    return this.identify(request);
  }

  /**
   * `authenticate` for the request path: a cached key answers at once, and a refusal then throws
   * rather than rejects, so a request pays no promise for it.
   */
  identify(request: AuthenticationRequest): Caller | Promise<Caller> {
    const projectId = request.projectId === '' ? undefined : request.projectId;
    if (request.authorization !== undefined && request.authorization.trim() !== '') {
      return this.#withApiKey(readBearerToken(request.authorization), projectId);
    }
    if (request.signature !== undefined && request.signature.trim() !== '') {
      const now = this.#now();
      return this.#accessTokens.authenticate(
        request.signature.trim(),
        projectId,
        now,
        this.#store.externalChangeVersion(),
      );
    }
    throw new ApiError('UNAUTHENTICATED', `No API key: ${HOW}`);
  }

  /** Forgets what is cached about one project: its keys, its existence, its secret keys and tokens. */
  invalidateProject(projectId: string): void {
    this.#keys.deleteWhere((known) => known.caller.projectId === projectId);
    this.#unknownKeys.clear();
    this.#projects.delete(projectId);
    this.#accessTokens.invalidateProject(projectId);
  }

  invalidateAll(): void {
    this.#keys.clear();
    this.#unknownKeys.clear();
    this.#projects.clear();
    this.#accessTokens.invalidateAll();
  }

  /** Writes pending last-used times now. */
  flush(): Promise<void> {
    return this.#lastUsed.flush();
  }

  close(): Promise<void> {
    return this.#lastUsed.close();
  }

  #withApiKey(token: string, projectId: string | undefined): Caller | Promise<Caller> {
    const now = this.#now();
    const version = this.#store.externalChangeVersion();
    const hash = hashApiKey(token);
    const cached = this.#keys.get(hash, now, version);
    if (cached !== undefined) return this.#admit(cached, projectId, now, version);
    return this.#lookUpKey(token, hash, now, version).then((known) =>
      this.#admit(known, projectId, now, version),
    );
  }

  /** The checks a known key passes on every request: not revoked, not expired, the right project. */
  #admit(
    known: KnownKey,
    projectId: string | undefined,
    now: number,
    version: number,
  ): Caller | Promise<Caller> {
    if (known.revokedAt !== null) {
      throw new ApiError(
        'UNAUTHENTICATED',
        `API key was revoked on ${isoTime(known.revokedAt)}; create a new one with flowgate keys create`,
      );
    }
    if (known.expiresAt !== null && known.expiresAt <= now) {
      throw new ApiError(
        'UNAUTHENTICATED',
        `API key expired on ${isoTime(known.expiresAt)}; create a new one with flowgate keys create`,
      );
    }
    if (projectId !== undefined && projectId !== known.caller.projectId) {
      return this.#requireProject(projectId, now, version, 'header').then(() => {
        throw new ApiError(
          'FORBIDDEN',
          `This API key belongs to another project, not ${shown(projectId)}; ` +
            'use a key of that project, or fix the x-project-id header',
        );
      });
    }
    this.#lastUsed.record(known.caller.keyId, now);
    return known.caller;
  }

  async #lookUpKey(token: string, hash: string, now: number, version: number): Promise<KnownKey> {
    if (!looksLikeApiKey(token)) {
      throw new ApiError(
        'UNAUTHENTICATED',
        `API key is not valid: it is not a whole Flowgate key (fg_ and ${API_KEY_LENGTH - 3} letters and digits ` +
          `with a checksum); copy it again, or ${CREATE_KEY}`,
      );
    }
    const known =
      this.#unknownKeys.get(hash, now, version) === true
        ? undefined
        : await this.#keys.load(hash, now, version, () => this.#fetchKey(hash));
    if (known === undefined) {
      this.#unknownKeys.set(hash, true, now, version);
      throw new ApiError(
        'UNAUTHENTICATED',
        `API key is not valid: no key with this value exists here (it may have been deleted); ${CREATE_KEY}`,
      );
    }
    return known;
  }

  async #fetchKey(hash: string): Promise<KnownKey | undefined> {
    const record = await this.#store.apiKeys.findByHash(hash);
    return record === undefined ? undefined : toKnownKey(record);
  }

  async #requireProject(
    projectId: string,
    now: number,
    version: number,
    from: 'header' | 'token',
  ): Promise<void> {
    const cached = this.#projects.get(projectId, now, version);
    const project =
      cached !== undefined
        ? cached
        : await this.#projects.load(projectId, now, version, async () => {
            return (await this.#store.projects.get(projectId)) ?? null;
          });
    if (project === null) {
      throw new ApiError(
        'PROJECT_NOT_FOUND',
        from === 'header'
          ? `Project ${shown(projectId)} does not exist; check the x-project-id header`
          : `Project ${shown(projectId)} named by the access token's project_id claim does not exist; ` +
              "mint the token with your project's id",
      );
    }
  }
}

function toKnownKey(record: ApiKeyRecord): KnownKey {
  const caller = Object.freeze({
    projectId: record.projectId,
    keyId: record.id,
    keyName: record.name,
    scopes: parseScopes(record.scopes),
    via: 'api-key' as const,
    ...(record.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: record.rateLimitPerSecond }),
  });
  return { caller, expiresAt: record.expiresAt, revokedAt: record.revokedAt };
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** An id from a header, shortened so a pasted blob cannot fill the message. */
function shown(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id;
}
