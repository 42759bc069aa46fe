import type { Store } from '../store.ts';

/** What an adapter's test file hands the conformance suite. */
export interface StoreTestTarget {
  /** A fresh, empty, unmigrated database (a new file, a new schema) for one test. */
  createDatabase(): Promise<StoreTestDatabase>;
  /**
   * Whether two stores on one database may write at the same time from one thread. False for SQLite:
   * better-sqlite3 waits for a lock by blocking the thread, so the holder in the same thread could never
   * finish. The SQLite suite covers other processes with child processes instead.
   */
  concurrentStoresInOneThread: boolean;
}

export interface StoreTestDatabase {
  /** Another store on this database, with its own connection or pool. Not migrated. */
  open(): Store;
  /** Removes the database; called after every store opened on it is closed. */
  drop(): Promise<void>;
}

/** Set before each test: a migrated store on a fresh database, and a way to open more on it. */
export interface ConformanceContext {
  readonly store: Store;
  /** A further store on the current test's database (closed by the suite), not migrated. */
  openAnother(): Store;
}
