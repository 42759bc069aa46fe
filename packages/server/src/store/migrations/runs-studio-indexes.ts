/**
 * The Studio's Logs and Reports (store/kysely/studio-run-queries.ts):
 * - `runs_project_created_request`: a project's runs newest first with the requestId as tie-break, so
 *   a keyset page starts right at its cursor; it also carries every column a report reads, so the
 *   report's range scan never reads a table row (payloads are large).
 * - `runs_project_status_created`: a page of one status (say errors) without walking the others.
 * `runs_project_created` (project_id, created_at desc) is dropped: the first index serves every query
 * it did (SQLite and PostgreSQL scan an index either way), and each index is one more write per run.
 */
import type { Kysely, Migration } from 'kysely';

export const runsStudioIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('runs_project_created_request')
      .on('runs')
      .columns([
        'project_id',
        'created_at',
        'request_id',
        'flow_id',
        'status',
        'mode',
        'duration_ms',
        'total_tokens',
        'cost_usd',
      ])
      .execute();
    await db.schema
      .createIndex('runs_project_status_created')
      .on('runs')
      .columns(['project_id', 'status', 'created_at', 'request_id'])
      .execute();
    await db.schema.dropIndex('runs_project_created').execute();
  },
};
