import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, UserTable } from '../schema.ts';
import type { UserRecord, UserRepository } from '../store.ts';
import { StoreConstraintError, withConstraintErrors } from '../store-constraint-error.ts';

export class KyselyUserRepository implements UserRepository {
  readonly #db: Kysely<Database>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<Database>, options: { rowLocks: boolean }) {
    this.#db = db;
    this.#rowLocks = options.rowLocks;
  }

  async create(user: UserRecord): Promise<void> {
    await withConstraintErrors(`user ${user.email}`, () =>
      this.#db.insertInto('users').values(toRow(user)).execute(),
    );
  }

  /**
   * The row goes in only while the table is empty, so racing setups cannot both win. SQLite runs the one
   * statement under its database write lock. PostgreSQL's READ COMMITTED lets two such statements both
   * see an empty table, so there it runs after taking a lock on users that only one writer holds at a time.
   */
  async createFirst(user: UserRecord): Promise<boolean> {
    const row = toRow(user);
    const insert = sql`insert into users (id, email, password_hash, created_at)
          select cast(${row.id} as text), cast(${row.email} as text), cast(${row.password_hash} as text),
                 cast(${row.created_at} as bigint)
          where not exists (select 1 from users)`;
    const result = await withConstraintErrors(`user ${user.email}`, () =>
      this.#rowLocks
        ? this.#db.transaction().execute(async (transaction) => {
            await sql`lock table users in share row exclusive mode`.execute(transaction);
            return insert.execute(transaction);
          })
        : insert.execute(this.#db),
    ).catch((error: unknown) => {
      // Two first setups with the same email: the loser hits the unique email, which also means "not first".
      if (error instanceof StoreConstraintError) return undefined;
      throw error;
    });
    return result !== undefined && Number(result.numAffectedRows ?? 0n) === 1;
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toRow(user: UserRecord) {
  return { id: user.id, email: user.email, password_hash: user.passwordHash, created_at: user.createdAt };
}

function toUser(row: Selectable<UserTable>): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}
