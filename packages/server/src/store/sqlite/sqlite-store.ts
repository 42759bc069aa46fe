import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { KyselyStore } from '../kysely-store.ts';
import { CHANGE_VERSION_TABLE } from '../migrations/config-change-version.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { WriteLockingSqliteDialect } from './sqlite-dialect.ts';
import { SqliteRunRepository } from './sqlite-run-repository.ts';
import { ThreadedRunWriter } from './threaded-run-writer.ts';

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
    // 64 MiB of page cache (default 2 MiB), used only as pages are read: the Studio's reports group
    // 100 000 runs in one sort, which otherwise spills to temporary files (twice as slow).
    database.pragma('cache_size = -65536');
  } catch (error) {
    database.close();
    throw error;
  }
  const changeVersion = configChangeVersion(database);
  const externalChangeVersion = () => {
    if (!database.open) throw new TypeError('The database connection is not open');
    return changeVersion();
  };
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database }) });
  const busyTimeoutMs = config.busyTimeoutMs ?? 5000;
  const runs = new SqliteRunRepository(
    db,
    database,
    database.memory ? undefined : (sql) => new ThreadedRunWriter(config.path, busyTimeoutMs, sql),
  );
  return new KyselyStore({
    db,
    rowLocks: false,
    externalChangeVersion,
    runs,
    beforeClose: () => runs.closeWriter(),
    afterClose: () => {
      if (database.open) database.close();
    },
  });
}

/**
 * What the caches compare to see another writer's change of keys, secrets or deployments: the counter
 * that the 0012 migration's triggers move on every such write, whoever makes it (the CLI, another
 * process, this one). Not `PRAGMA data_version`: that moves on every commit of another connection, and
 * the run writer thread commits every few milliseconds. Before the migration, data_version stands in.
 */
function configChangeVersion(database: BetterSqlite3.Database): () => number {
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  let counter: BetterSqlite3.Statement | undefined;
  const read = () => {
    counter ??= hasTable(database, CHANGE_VERSION_TABLE)
      ? database.prepare(`select version from ${CHANGE_VERSION_TABLE}`).pluck()
      : undefined;
    return counter ? (counter.get() as number) : -(dataVersion.get() as number);
  };
  return memoiseBriefly(read, VERSION_MEMO_MS);
}

function hasTable(database: BetterSqlite3.Database, name: string): boolean {
  return (
    database.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined
  );
}

/**
 * Reading the version costs ~2 µs and the hot path asks several times a request, so the value is
 * reused for a few milliseconds: another process's change is seen within that time.
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
