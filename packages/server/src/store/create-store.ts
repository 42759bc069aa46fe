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
    return createPostgresStore({ connectionString: config.databaseUrl });
  }
  return createSqliteStore({ path: config.sqlitePath });
}
