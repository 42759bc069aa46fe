/**
 * A counter that moves on every write to what the request path caches (projects, keys, secret keys,
 * deployments) and to the other configuration tables, whoever writes: a trigger per table and
 * statement kind. The embedded store's caches compare it (sqlite/sqlite-store.ts) to see a change made
 * by another process, such as the CLI next to a running server. `last_used_at`, written on the hot
 * path's behalf, does not move it. SQLite only: PostgreSQL deployments are invalidated over Redis.
 */
import { type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

export const CHANGE_VERSION_TABLE = 'config_change_version';

const WATCHED: Readonly<Record<string, string | null>> = {
  projects: null,
  // Every column but last_used_at: a key's use is not a change of configuration.
  api_keys:
    'name, prefix, last_four, hash, scopes, created_at, expires_at, revoked_at, rate_limit_per_second',
  secret_keys: null,
  secrets: null,
  credentials: null,
  deployments: null,
  project_settings: null,
  webhook_secrets: null,
};

export const configChangeVersion: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    await sql`create table ${sql.table(CHANGE_VERSION_TABLE)} (id integer primary key check (id = 1), version integer not null)`.execute(
      db,
    );
    await sql`insert into ${sql.table(CHANGE_VERSION_TABLE)} (id, version) values (1, 1)`.execute(db);
    for (const [table, updateColumns] of Object.entries(WATCHED)) {
      for (const event of ['insert', 'update', 'delete'] as const) {
        const on = event === 'update' && updateColumns !== null ? `update of ${updateColumns}` : event;
        await sql
          .raw(
            `create trigger ${table}_${event}_change_version after ${on} on ${table} begin ` +
              `update ${CHANGE_VERSION_TABLE} set version = version + 1 where id = 1; end`,
          )
          .execute(db);
      }
    }
  },
};
