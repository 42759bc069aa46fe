import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SecretRecord, SecretRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export class KyselySecretRepository implements SecretRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async put(secret: SecretRecord): Promise<void> {
    await withConstraintErrors(`secret ${secret.name}`, () =>
      this.#db
        .insertInto('secrets')
        .values({
          project_id: secret.projectId,
          name: secret.name,
          encrypted_value: secret.encryptedValue,
          updated_at: secret.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.columns(['project_id', 'name']).doUpdateSet((eb) => ({
            encrypted_value: eb.ref('excluded.encrypted_value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute(),
    );
  }

  /** By name. */
  async list(projectId: string): Promise<SecretRecord[]> {
    const rows = await this.#db
      .selectFrom('secrets')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      projectId: row.project_id,
      name: row.name,
      encryptedValue: row.encrypted_value,
      updatedAt: row.updated_at,
    }));
  }

  async delete(projectId: string, name: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('secrets')
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
