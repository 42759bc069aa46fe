import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Kysely's SQLite dialect with two changes that make concurrent writers in other processes safe:
 *
 * - Transactions begin IMMEDIATE: the write lock is taken at BEGIN (waiting up to the busy timeout)
 *   instead of at the first write. A deferred transaction that reads, then writes, fails with
 *   SQLITE_BUSY at once, without waiting, when another process committed in between: the
 *   read-then-write of a deploy number would fail instead of wait. Every transaction here writes.
 * - DDL is declared transactional (it is, in SQLite), so Kysely's Migrator runs pending migrations in
 *   one IMMEDIATE transaction and reads what is applied while holding the lock: two processes that
 *   migrate at once run each migration once. Kysely's own SQLite migration lock is a no-op, as it only
 *   guards the one connection of this process.
 */
export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
