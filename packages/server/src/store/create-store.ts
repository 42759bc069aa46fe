import { createPostgresStore } from './postgres/postgres-store.ts';
import { createSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** When set (`postgres://…`), the distributed mode's PostgreSQL; otherwise the embedded SQLite file. */
  databaseUrl?: string;
  /** The SQLite file, e.g. `<data folder>/flowgate.db`. */
  sqlitePath: string;
}

/** Opens the store the configuration names. Call `migrate()` before use. */
export function createStore(config: StoreConfig): Store {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    const schema = schemaOf(config.databaseUrl);
    return createPostgresStore({ connectionString: config.databaseUrl, ...(schema ? { schema } : {}) });
  }
  return createSqliteStore({ path: config.sqlitePath });
}

/**
 * The schema a URL selects with libpq's `options=-c search_path=NAME` (e.g.
 * `postgres://…/db?options=-c%20search_path%3Dflowgate`): the store keeps its tables and migration
 * bookkeeping there. Without it, `public`.
 */
export function schemaOf(databaseUrl: string): string | undefined {
  let options: string | null;
  try {
    options = new URL(databaseUrl).searchParams.get('options');
  } catch {
    return undefined;
  }
  return /(?:^|\s)-c\s*search_path=([^\s,]+)/.exec(options ?? '')?.[1];
}
