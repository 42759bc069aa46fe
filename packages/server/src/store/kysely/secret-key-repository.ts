import type { Kysely, Selectable } from 'kysely';
import type { Database, SecretKeyTable } from '../schema.ts';
import type { SecretKeyRecord, SecretKeyRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export class KyselySecretKeyRepository implements SecretKeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(key: SecretKeyRecord): Promise<void> {
    await withConstraintErrors(`secret key ${key.id}`, () =>
      this.#db
        .insertInto('secret_keys')
        .values({
          id: key.id,
          project_id: key.projectId,
          encrypted_secret: key.encryptedSecret,
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute(),
    );
  }

  async listActive(projectId: string): Promise<SecretKeyRecord[]> {
    const rows = await this.#newestFirst(projectId).where('revoked_at', 'is', null).execute();
    return rows.map(toSecretKey);
  }

  /** Newest first, revoked ones included. */
  async list(projectId: string): Promise<SecretKeyRecord[]> {
    const rows = await this.#newestFirst(projectId).execute();
    return rows.map(toSecretKey);
  }

  /** Revoking twice keeps the first time. */
  async revoke(projectId: string, keyId: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('secret_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  #newestFirst(projectId: string) {
    return this.#db
      .selectFrom('secret_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
  }
}

function toSecretKey(row: Selectable<SecretKeyTable>): SecretKeyRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    encryptedSecret: row.encrypted_secret,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
