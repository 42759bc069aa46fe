/**
 * The embedded durable queue (queue/store-queue): one row per pending job, deleted once done. A job is
 * leased by one process at a time (`lease_owner` until `lease_until`); a lease that expires hands the
 * job to another process. (kind, key) is unique, so enqueueing twice is one job.
 */
import { type Kysely, type Migration, sql } from 'kysely';

const time = 'bigint';

export const jobsTable: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull().defaultTo('pending'))
      .addColumn('attempt', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('run_at', time, (column) => column.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', time)
      .addColumn('last_error', 'text')
      .addColumn('created_at', time, (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('jobs_kind_key_unique')
      .unique()
      .on('jobs')
      .columns(['kind', 'key'])
      .execute();
    // The claim's scan: due pending jobs of one kind, oldest first.
    await db.schema
      .createIndex('jobs_pending_due')
      .on('jobs')
      .columns(['kind', 'run_at'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  },
};
