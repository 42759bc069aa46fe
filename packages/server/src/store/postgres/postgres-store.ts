import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from '../kysely-store.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { PostgresRunRepository } from './postgres-run-repository.ts';

export interface PostgresStoreConfig {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /**
   * The schema holding Flowgate's tables (and Kysely's migration bookkeeping), set as the connections'
   * `search_path`; created by migrate() when missing. Default `public`. Tests use a fresh one per test.
   */
  schema?: string;
  /** Pool size per process. Default 10. */
  maxConnections?: number;
}

const int8Oid = 20;
const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The distributed store. No cross-process change signal yet: externalChangeVersion() is constant and
 * caches rely on their time-to-live (a later change adds Redis pub/sub invalidation).
 */
export function createPostgresStore(config: PostgresStoreConfig): Store {
  const schema = config.schema ?? 'public';
  if (!identifier.test(schema)) {
    throw new Error(`PostgreSQL schema name must match ${identifier}: got ${JSON.stringify(schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    // Epoch milliseconds and counts are int8; they stay below 2^53, so JS numbers are exact. Set per
    // pool, not on the global pg.types, so other users of `pg` in the process keep their parsers.
    types: {
      getTypeParser: (oid, format) => (oid === int8Oid ? Number : pg.types.getTypeParser(oid, format)),
    },
  });
  // An idle connection that dies (server restart) is dropped by the pool and the next query opens a
  // new one; without a listener the error would crash the process. Errors of queries still reach callers.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore({
    db,
    rowLocks: true,
    externalChangeVersion: () => 0,
    migrationTableSchema: schema,
    runs: new PostgresRunRepository(db),
  });
}
