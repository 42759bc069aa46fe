import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { KyselyStore } from '../kysely-store.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { WriteLockingSqliteDialect } from './sqlite-dialect.ts';
import { SqliteRunRepository } from './sqlite-run-repository.ts';

export interface SqliteStoreConfig {
  /** The database file, e.g. `<data folder>/flowgate.db`; its folder is created when missing. */
  path: string;
  /** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * The embedded store: one better-sqlite3 connection in WAL mode. Open ONE store per process and file:
 * better-sqlite3 waits for a lock by blocking the thread, so a second connection in the same thread
 * waiting on the first would stall until the busy timeout. Other processes (the CLI next to a running
 * server) are the case the locking is built for.
 */
export function createSqliteStore(config: SqliteStoreConfig): Store {
  mkdirSync(dirname(config.path), { recursive: true });
  const database = new BetterSqlite3(config.path, { timeout: config.busyTimeoutMs ?? 5000 });
  try {
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit may be lost on power failure, never corrupted; fsync per commit
    // would cost more than the group-commit recorder saves.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  // data_version moves when another connection commits to the file, never on this connection's writes.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  const readVersion = memoiseBriefly(() => dataVersion.get() as number, VERSION_MEMO_MS);
  const externalChangeVersion = () => {
    if (!database.open) throw new TypeError('The database connection is not open');
    return readVersion();
  };
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database }) });
  return new KyselyStore({
    db,
    rowLocks: false,
    externalChangeVersion,
    runs: new SqliteRunRepository(db, database),
    afterClose: () => {
      if (database.open) database.close();
    },
  });
}

/**
 * Reading `PRAGMA data_version` costs ~2 µs and the hot path asks several times a request, so the
 * value is reused for a few milliseconds: another process's change is seen within that time.
 */
const VERSION_MEMO_MS = 20;

function memoiseBriefly(read: () => number, ms: number): () => number {
  let value = read();
  let readAt = performance.now();
  return () => {
    const now = performance.now();
    if (now - readAt >= ms) {
      value = read();
      readAt = now;
    }
    return value;
  };
}
