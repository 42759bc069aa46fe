/**
 * Retention (runs.prune) deletes the oldest finished runs first, across projects. This index lets it
 * find them without scanning the table: in `created_at` order, with the status beside it so the check
 * "finished?" needs no table read. The existing `(project_id, created_at)` indexes serve per-project
 * listing and cannot give a global order.
 */
import type { Kysely, Migration } from 'kysely';

export const runsCreatedIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('runs_created_status').on('runs').columns(['created_at', 'status']).execute();
  },
};
