/**
 * The first schema (DESIGN.md §4). Written with Kysely's schema builder so the same migration runs on
 * SQLite and PostgreSQL; `bigint` holds epoch milliseconds on both (INTEGER affinity on SQLite).
 *
 * Migrations are append-only: once released, change the schema with a new migration, never by editing
 * this one.
 */
import { type Kysely, type Migration, sql } from 'kysely';

const time = 'bigint';

export const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('created_at', time, (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('prefix', 'text', (column) => column.notNull())
      .addColumn('last_four', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .addColumn('scopes', 'text', (column) => column.notNull())
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('expires_at', time)
      .addColumn('last_used_at', time)
      .addColumn('revoked_at', time)
      .execute();
    await db.schema.createIndex('api_keys_hash_unique').unique().on('api_keys').column('hash').execute();
    await db.schema.createIndex('api_keys_project_id').on('api_keys').column('project_id').execute();

    await db.schema
      .createTable('secret_keys')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('encrypted_secret', 'text', (column) => column.notNull())
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('revoked_at', time)
      .execute();
    await db.schema.createIndex('secret_keys_project_id').on('secret_keys').column('project_id').execute();

    await db.schema
      .createTable('secrets')
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('encrypted_value', 'text', (column) => column.notNull())
      .addColumn('updated_at', time, (column) => column.notNull())
      .addPrimaryKeyConstraint('secrets_pkey', ['project_id', 'name'])
      .execute();

    await db.schema
      .createTable('flows')
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('definition', 'text', (column) => column.notNull())
      .addColumn('updated_at', time, (column) => column.notNull())
      .addPrimaryKeyConstraint('flows_pkey', ['project_id', 'id'])
      .execute();

    await db.schema
      .createTable('deployments')
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('number', 'integer', (column) => column.notNull())
      .addColumn('snapshot', 'text', (column) => column.notNull())
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('active', 'integer', (column) => column.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('deployments_pkey', ['project_id', 'number'])
      .execute();
    // The database itself refuses a second active deployment, whatever a caller does.
    await db.schema
      .createIndex('deployments_one_active')
      .unique()
      .on('deployments')
      .column('project_id')
      .where(sql.ref('active'), '=', 1)
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('request_id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('flow_id', 'text', (column) => column.notNull())
      .addColumn('deployment_number', 'integer', (column) => column.notNull())
      .addColumn('mode', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('api_key_id', 'text')
      .addColumn('idempotency_key', 'text')
      .addColumn('created_at', time, (column) => column.notNull())
      .addColumn('started_at', time)
      .addColumn('finished_at', time)
      .addColumn('duration_ms', time)
      .addColumn('total_tokens', 'bigint')
      .addColumn('cost_usd', 'double precision')
      .execute();
    await db.schema
      .createIndex('runs_project_created')
      .on('runs')
      .columns(['project_id', 'created_at desc'])
      .execute();
    await db.schema
      .createIndex('runs_project_flow_created')
      .on('runs')
      .columns(['project_id', 'flow_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('runs_idempotency_unique')
      .unique()
      .on('runs')
      .columns(['project_id', 'idempotency_key'])
      .where(sql.ref('idempotency_key'), 'is not', null)
      .execute();

    await db.schema
      .createTable('run_nodes')
      .addColumn('request_id', 'text', (column) =>
        column.notNull().references('runs.request_id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('node_id', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('input', 'text')
      .addColumn('output', 'text')
      .addColumn('error', 'text')
      .addColumn('started_at', time)
      .addColumn('duration_ms', time)
      .addColumn('total_tokens', 'bigint')
      .addPrimaryKeyConstraint('run_nodes_pkey', ['request_id', 'position'])
      .execute();

    await db.schema
      .createTable('feedback')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('projects.id').onDelete('cascade'),
      )
      // No foreign key to runs: feedback may arrive while its run is still in the recorder's batch.
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('rating', 'integer')
      .addColumn('comment', 'text')
      .addColumn('metadata', 'text')
      .addColumn('created_at', time, (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('feedback_project_request')
      .on('feedback')
      .columns(['project_id', 'request_id'])
      .execute();
  },
};
