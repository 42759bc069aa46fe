import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../auth/api-key.ts';
import { ALL_SCOPES, isScope, type Scope } from '../auth/caller.ts';
import type { ApiKeyRecord, Store } from '../store/store.ts';

export interface CreatedApiKey {
  id: string;
  /** Shown once; only its hash is stored. */
  key: string;
  prefix: string;
  lastFour: string;
  name: string;
  scopes: readonly Scope[];
  expiresAt: number | null;
  /** The key's own request rate; absent: the configured default. */
  rateLimitPerSecond?: number;
}

export type ApiKeySummary = Omit<ApiKeyRecord, 'hash'>;

/** Creates, lists and revokes a project's API keys; a change is in force at the next request. */
export class ApiKeyService {
  constructor(
    private readonly store: Pick<Store, 'apiKeys'>,
    private readonly onChange: (projectId: string) => void,
    private readonly now: () => number,
  ) {}

  async create(
    projectId: string,
    options: {
      name?: string;
      expiresInMs?: number;
      scopes?: readonly string[];
      /** Requests per second for this key (burst: twice that), instead of the configured default. */
      rateLimitPerSecond?: number;
    } = {},
  ): Promise<CreatedApiKey> {
    const scopes = checkScopes(options.scopes ?? ALL_SCOPES);
    const rate = options.rateLimitPerSecond;
    if (rate !== undefined) checkRateLimit(rate);
    if (options.expiresInMs !== undefined) checkExpiry(options.expiresInMs);
    const generated = generateApiKey();
    const createdAt = this.now();
    const record: ApiKeyRecord = {
      id: randomUUID(),
      projectId,
      name: options.name?.trim() || 'default',
      prefix: generated.prefix,
      lastFour: generated.lastFour,
      hash: generated.hash,
      scopes: [...scopes],
      createdAt,
      expiresAt: options.expiresInMs === undefined ? null : createdAt + options.expiresInMs,
      lastUsedAt: null,
      revokedAt: null,
      ...(rate === undefined ? {} : { rateLimitPerSecond: rate }),
    };
    await this.store.apiKeys.create(record);
    return {
      id: record.id,
      key: generated.key,
      prefix: record.prefix,
      lastFour: record.lastFour,
      name: record.name,
      scopes,
      expiresAt: record.expiresAt,
      ...(rate === undefined ? {} : { rateLimitPerSecond: rate }),
    };
  }

  async list(projectId: string): Promise<ApiKeySummary[]> {
    return (await this.store.apiKeys.list(projectId)).map(({ hash: _hash, ...summary }) => summary);
  }

  async revoke(projectId: string, keyId: string): Promise<boolean> {
    const revoked = await this.store.apiKeys.revoke(projectId, keyId, this.now());
    if (revoked) this.onChange(projectId);
    return revoked;
  }
}

/** Whole requests per second: a stored integer column, and fractions would read as a typo. */
function checkRateLimit(rate: number): void {
  if (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000) {
    throw new Error(
      `A key's rate limit is a whole number of requests per second from 1 to 1000000, not ${rate}.`,
    );
  }
}

/** Ten years: longer is a typo (and past what a bigint column of epoch ms holds, at the extreme). */
const MAX_EXPIRY_MS = 3650 * 86_400_000;

function checkExpiry(expiresInMs: number): void {
  if (!Number.isFinite(expiresInMs) || expiresInMs <= 0 || expiresInMs > MAX_EXPIRY_MS) {
    throw new Error(
      'A key expires after a positive duration of at most 3650 days; leave the expiry out for a key that never expires.',
    );
  }
}

function checkScopes(scopes: readonly string[]): readonly Scope[] {
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    throw new Error(`Unknown scope ${unknown.join(', ')}; the scopes are ${ALL_SCOPES.join(', ')}.`);
  }
  if (scopes.length === 0) throw new Error(`A key needs at least one scope: ${ALL_SCOPES.join(', ')}.`);
  return scopes.filter(isScope);
}
