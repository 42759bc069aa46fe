/**
 * Outgoing webhooks (DESIGN.md §4 `webhook_deliveries`): each project's signing secret (sealed by
 * crypto/secret-box, with the previous one kept while a rotation settles), one delivery per finished
 * run and receiver, and every attempt made for it. Deliveries hang off their run (retention that
 * deletes a run deletes its deliveries) and attempts off their delivery.
 */
import { type Kysely, type Migration, sql } from 'kysely';

const time = 'bigint';

export const webhooksTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('webhook_secrets')
      .addColumn('project_id', 'text', (column) =>
        column.primaryKey().references('projects.id').onDelete('cascade'),
      )
      .addColumn('encrypted_secret', 'text', (column) => column.notNull())
      .addColumn('previous_encrypted_secret', 'text')
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('rotated_at', time)
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('request_id', 'text', (column) =>
        column.notNull().references('runs.request_id').onDelete('cascade'),
      )
      .addColumn('flow_id', 'text', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('url', 'text', (column) => column.notNull())
      .addColumn('headers', 'text', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('updated_at', time, (column) => column.notNull())
      .addColumn('next_attempt_at', time)
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .execute();
    // Cascades from runs and `webhooks list --request-id` look deliveries up by run.
    await db.schema
      .createIndex('webhook_deliveries_request')
      .on('webhook_deliveries')
      .column('request_id')
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_project_created')
      .on('webhook_deliveries')
      .columns(['project_id', 'created_at'])
      .execute();
    // The backlog count (metrics) and the sweep for lost jobs read only the waiting ones.
    await db.schema
      .createIndex('webhook_deliveries_pending')
      .on('webhook_deliveries')
      .column('next_attempt_at')
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('delivery_id', 'text', (column) =>
        column.notNull().references('webhook_deliveries.id').onDelete('cascade'),
      )
      .addColumn('attempt', 'integer', (column) => column.notNull())
      .addColumn('started_at', time, (column) => column.notNull())
      .addColumn('duration_ms', 'integer', (column) => column.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('webhook_attempts_pkey', ['delivery_id', 'attempt'])
      .execute();
  },
};
