/**
 * Model credentials (DESIGN.md §2, §4): per project, by name, what `credential_name` in a flow's model
 * config resolves to. The API key is sealed by the caller (crypto/secret-box); `default_model` marks the
 * project's default model, used for nodes whose model config is a placeholder (one per project, kept so
 * by the repository).
 */
import type { Kysely, Migration } from 'kysely';

const time = 'bigint';

export const credentialsTable: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('credentials')
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('base_url', 'text')
      .addColumn('encrypted_api_key', 'text')
      .addColumn('default_model', 'text')
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('updated_at', time, (column) => column.notNull())
      .addPrimaryKeyConstraint('credentials_pkey', ['project_id', 'name'])
      .execute();
  },
};
