import { type Kysely, type Migration, Migrator } from 'kysely';
import type { Database } from '../schema.ts';
import { credentialsTable } from './credentials-table.ts';
import { initialSchema } from './initial-schema.ts';

/**
 * Every migration, in order. Names sort lexically and are recorded in `kysely_migration`: never rename
 * or reorder a released one.
 */
const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial_schema': initialSchema,
  '0002_credentials': credentialsTable,
};

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
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(options.migrationTableSchema === undefined
      ? {}
      : { migrationTableSchema: options.migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  throw new Error(`database migration ${failed ?? '(setup)'} failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
