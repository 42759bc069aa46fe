import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookSecretTable } from '../schema.ts';
import type { WebhookSecretRecord, WebhookSecretRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

/** One row per project; both writes are single upserts, so concurrent callers need no locks. */
export class KyselyWebhookSecretRepository implements WebhookSecretRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(projectId: string): Promise<WebhookSecretRecord | undefined> {
    const row = await this.#db
      .selectFrom('webhook_secrets')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row === undefined ? undefined : toSecret(row);
  }

  async createIfAbsent(secret: WebhookSecretRecord): Promise<WebhookSecretRecord> {
    await withConstraintErrors(`webhook secret of project ${secret.projectId}`, () =>
      this.#db
        .insertInto('webhook_secrets')
        .values({
          project_id: secret.projectId,
          encrypted_secret: secret.encryptedSecret,
          previous_encrypted_secret: secret.previousEncryptedSecret,
          created_at: secret.createdAt,
          rotated_at: secret.rotatedAt,
        })
        .onConflict((conflict) => conflict.column('project_id').doNothing())
        .execute(),
    );
    const stored = await this.get(secret.projectId);
    if (!stored) throw new Error(`the webhook secret of project ${secret.projectId} vanished`);
    return stored;
  }

  async rotate(projectId: string, encryptedSecret: string, at: number): Promise<WebhookSecretRecord> {
    const row = await withConstraintErrors(`webhook secret of project ${projectId}`, () =>
      this.#db
        .insertInto('webhook_secrets')
        .values({
          project_id: projectId,
          encrypted_secret: encryptedSecret,
          previous_encrypted_secret: null,
          created_at: at,
          rotated_at: null,
        })
        .onConflict((conflict) =>
          conflict.column('project_id').doUpdateSet((eb) => ({
            previous_encrypted_secret: eb.ref('webhook_secrets.encrypted_secret'),
            encrypted_secret: eb.ref('excluded.encrypted_secret'),
            rotated_at: at,
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toSecret(row);
  }
}

function toSecret(row: Selectable<WebhookSecretTable>): WebhookSecretRecord {
  return {
    projectId: row.project_id,
    encryptedSecret: row.encrypted_secret,
    previousEncryptedSecret: row.previous_encrypted_secret,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
  };
}
