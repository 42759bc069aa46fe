import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyTable, Database } from '../schema.ts';
import type { ApiKeyRecord, ApiKeyRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export class KyselyApiKeyRepository implements ApiKeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(key: ApiKeyRecord): Promise<void> {
    await withConstraintErrors(`api key ${key.id}`, () =>
      this.#db
        .insertInto('api_keys')
        .values({
          id: key.id,
          project_id: key.projectId,
          name: key.name,
          prefix: key.prefix,
          last_four: key.lastFour,
          hash: key.hash,
          scopes: JSON.stringify(key.scopes),
          created_at: key.createdAt,
          expires_at: key.expiresAt,
          last_used_at: key.lastUsedAt,
          revoked_at: key.revokedAt,
          rate_limit_per_second: key.rateLimitPerSecond ?? null,
        })
        .execute(),
    );
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? undefined : toApiKey(row);
  }

  /** Newest first. */
  async list(projectId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.#db
      .selectFrom('api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toApiKey);
  }

  async revoke(projectId: string, keyId: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Last-used times only move forward: of several uses of one key the latest wins, and a late batch
   * never overwrites a newer time written by another process. Unknown ids are ignored.
   */
  async touch(uses: readonly { id: string; at: number }[]): Promise<void> {
    const latest = new Map<string, number>();
    for (const use of uses) latest.set(use.id, Math.max(use.at, latest.get(use.id) ?? use.at));
    if (latest.size === 0) return;
    // Sorted ids give concurrent batches one lock order on PostgreSQL, so they cannot deadlock.
    const ordered = [...latest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.#db.transaction().execute(async (trx) => {
      for (const [id, at] of ordered) {
        await trx
          .updateTable('api_keys')
          .set({ last_used_at: at })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .execute();
      }
    });
  }
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKeyRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    prefix: row.prefix,
    lastFour: row.last_four,
    hash: row.hash,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    ...(row.rate_limit_per_second === null ? {} : { rateLimitPerSecond: row.rate_limit_per_second }),
  };
}
