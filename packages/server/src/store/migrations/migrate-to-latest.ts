import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from '../schema.ts';
import { apiKeyRateLimit } from './api-key-rate-limit.ts';
import { configChangeVersion } from './config-change-version.ts';
import { credentialsTable } from './credentials-table.ts';
import { initialSchema } from './initial-schema.ts';
import { jobsTable } from './jobs-table.ts';
import { projectSettingsTable } from './project-settings-table.ts';
import { runsCreatedIndex } from './runs-created-index.ts';
import { runsNodeTraceColumn } from './runs-node-trace-column.ts';
import { runsStudioIndexes } from './runs-studio-indexes.ts';
import { studioAccountsTables } from './studio-accounts-tables.ts';
import { webhooksTables } from './webhooks-tables.ts';

/**
 * Every migration, in order. Names sort lexically and are recorded in `kysely_migration`: never rename
 * or reorder a released one.
 */
const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial_schema': initialSchema,
  '0002_credentials': credentialsTable,
  '0003_jobs': jobsTable,
  '0004_api_key_rate_limit': apiKeyRateLimit,
  '0005_runs_created_index': runsCreatedIndex,
  '0006_webhooks': webhooksTables,
  '0009_project_settings': projectSettingsTable,
  '0010_studio_accounts': studioAccountsTables,
  '0011_runs_studio_indexes': runsStudioIndexes,
  '0012_config_change_version': configChangeVersion,
  '0013_runs_node_trace_column': runsNodeTraceColumn,
};

/** Every migration's name, in the order they apply. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

export interface MigrateOptions {
  /**
   * Where Kysely keeps its bookkeeping tables. Required on PostgreSQL: without it Kysely looks for
   * `kysely_migration` in every schema of the database and would take another schema's for ours.
   */
  migrationTableSchema?: string;
}

/**
 * Applies pending migrations and throws the first failure. Concurrent callers are serialised by the
 * dialect's migration lock (PostgreSQL: an advisory lock) or transaction (SQLite: BEGIN IMMEDIATE and
 * the busy timeout; see sqlite/sqlite-dialect.ts), and each re-reads what is applied once it holds it.
 */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<void> {
  throwFailure(await migratorFor(db, options).migrateToLatest());
}

/** Applies pending migrations up to and including `name`: a migration's tests start from before it. */
export async function migrateTo(
  db: Kysely<Database>,
  name: string,
  options: MigrateOptions = {},
): Promise<void> {
  throwFailure(await migratorFor(db, options).migrateTo(name));
}

/** Names of migrations not yet applied (all of them on an empty database); creates nothing. */
export async function pendingMigrations(
  db: Kysely<Database>,
  options: MigrateOptions = {},
): Promise<string[]> {
  const migrator = migratorFor(db, options);
  const known = await migrator.getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function migratorFor(db: Kysely<Database>, options: MigrateOptions): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(options.migrationTableSchema === undefined
      ? {}
      : { migrationTableSchema: options.migrationTableSchema }),
  });
}

function throwFailure({ error, results }: MigrationResultSet): void {
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  throw new Error(`database migration ${failed ?? '(setup)'} failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
