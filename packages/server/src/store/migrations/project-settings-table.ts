/**
 * Project settings (Smart Retries today): one JSON document per project, read when a run fails, so
 * it has its own table instead of widening `projects`, which the hot path reads.
 */
import type { Kysely, Migration } from 'kysely';

export const projectSettingsTable: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('project_settings')
      .addColumn('project_id', 'text', (column) =>
        column.primaryKey().references('projects.id').onDelete('cascade'),
      )
      .addColumn('settings', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
};
