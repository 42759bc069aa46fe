import type { Kysely, Selectable } from 'kysely';
import type { CredentialTable, Database } from '../schema.ts';
import type { CredentialRecord, CredentialRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export class KyselyCredentialRepository implements CredentialRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async put(credential: CredentialRecord): Promise<void> {
    await withConstraintErrors(`credential ${credential.name}`, () =>
      this.#db.transaction().execute(async (trx) => {
        if (credential.defaultModel !== null) {
          // One default model per project: taking it clears it elsewhere, in the same transaction.
          await trx
            .updateTable('credentials')
            .set({ default_model: null })
            .where('project_id', '=', credential.projectId)
            .where('name', '!=', credential.name)
            .where('default_model', 'is not', null)
            .execute();
        }
        await trx
          .insertInto('credentials')
          .values({
            project_id: credential.projectId,
            name: credential.name,
            provider: credential.provider,
            base_url: credential.baseUrl,
            encrypted_api_key: credential.encryptedApiKey,
            default_model: credential.defaultModel,
            created_at: credential.createdAt,
            updated_at: credential.updatedAt,
          })
          .onConflict((conflict) =>
            conflict.columns(['project_id', 'name']).doUpdateSet((eb) => ({
              provider: eb.ref('excluded.provider'),
              base_url: eb.ref('excluded.base_url'),
              encrypted_api_key: eb.ref('excluded.encrypted_api_key'),
              default_model: eb.ref('excluded.default_model'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }),
    );
  }

  async get(projectId: string, name: string): Promise<CredentialRecord | undefined> {
    const row = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : toCredential(row);
  }

  async list(projectId: string): Promise<CredentialRecord[]> {
    const rows = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    return rows.map(toCredential);
  }

  async delete(projectId: string, name: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('credentials')
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toCredential(row: Selectable<CredentialTable>): CredentialRecord {
  return {
    projectId: row.project_id,
    name: row.name,
    provider: row.provider,
    baseUrl: row.base_url,
    encryptedApiKey: row.encrypted_api_key,
    defaultModel: row.default_model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
