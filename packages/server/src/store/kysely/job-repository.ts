import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, JobTable } from '../schema.ts';
import type { JobRecord, JobRepository, NewJob } from '../store.ts';
import { fromJsonText, toJsonText } from './json-text.ts';

export interface JobRepositoryOptions {
  /**
   * PostgreSQL: true, claims lock the rows they take and skip rows another claim holds
   * (`FOR UPDATE SKIP LOCKED`), so concurrent workers never wait on one another. SQLite: false; the
   * claim's IMMEDIATE transaction holds the database's one write lock instead.
   */
  rowLocks: boolean;
}

/** Rows per insert: 9 bound columns each, well under both databases' parameter limits. */
const insertChunk = 1000;

/** The store-backed queue's table (see migrations/jobs-table.ts). Every write checks the lease owner. */
export class KyselyJobRepository implements JobRepository {
  readonly #db: Kysely<Database>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<Database>, options: JobRepositoryOptions) {
    this.#db = db;
    this.#rowLocks = options.rowLocks;
  }

  async add(jobs: readonly NewJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const rows = jobs.map((job) => ({
      id: job.id,
      kind: job.kind,
      key: job.key,
      payload: toJsonText(job.payload),
      status: 'pending' as const,
      attempt: 0,
      failures: 0,
      run_at: job.runAt,
      created_at: job.createdAt,
    }));
    await this.#db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += insertChunk) {
        await trx
          .insertInto('jobs')
          .values(rows.slice(start, start + insertChunk))
          .onConflict((conflict) => conflict.columns(['kind', 'key']).doNothing())
          .execute();
      }
    });
  }

  async isPending(kind: string, key: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('key', '=', key)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row !== undefined;
  }

  async hasDue(kind: string, now: number): Promise<boolean> {
    const row = await this.#db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async claim(
    kind: string,
    owner: string,
    now: number,
    leaseUntil: number,
    limit: number,
  ): Promise<JobRecord[]> {
    return this.#db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', kind)
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('run_at')
        .limit(limit);
      if (this.#rowLocks) due = due.forUpdate().skipLocked();
      const rows = await trx
        .updateTable('jobs')
        .set((eb) => ({
          lease_owner: owner,
          lease_until: leaseUntil,
          attempt: eb('attempt', '+', 1),
          // The right-hand side reads the row as it was: a job still owned had a lease that expired.
          failures: eb('failures', '+', eb.case().when('lease_owner', 'is not', null).then(1).else(0).end()),
        }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toJobRecord).sort((a, b) => a.runAt - b.runAt);
    });
  }

  async extendLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db
      .updateTable('jobs')
      .set({ lease_until: leaseUntil })
      .where('lease_owner', '=', owner)
      .where('id', 'in', [...ids])
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async complete(owner: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.#db
      .deleteFrom('jobs')
      .where('lease_owner', '=', owner)
      .where('id', 'in', [...ids])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async release(
    id: string,
    owner: string,
    next: { runAt: number; error?: string; dead?: boolean },
  ): Promise<boolean> {
    const failed = next.error !== undefined;
    const result = await this.#db
      .updateTable('jobs')
      .set((eb) => ({
        run_at: next.runAt,
        lease_owner: null,
        lease_until: null,
        status: next.dead ? 'failed' : 'pending',
        failures: eb('failures', '+', failed ? 1 : 0),
        ...(failed ? { last_error: next.error } : {}),
      }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async depth(
    kind: string,
    now: number,
  ): Promise<{ waiting: number; delayed: number; oldestDueAt: number | null }> {
    const free = sql<boolean>`(lease_until is null or lease_until < ${now})`;
    const row = await this.#db
      .selectFrom('jobs')
      .select([
        sql<number | string | null>`sum(case when run_at <= ${now} and ${free} then 1 else 0 end)`.as(
          'waiting',
        ),
        sql<number | string | null>`sum(case when run_at > ${now} then 1 else 0 end)`.as('delayed'),
        sql<number | string | null>`min(case when run_at <= ${now} and ${free} then run_at end)`.as('oldest'),
      ])
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return {
      waiting: Number(row?.waiting ?? 0),
      delayed: Number(row?.delayed ?? 0),
      oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest),
    };
  }
}

function toJobRecord(row: Selectable<JobTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: fromJsonText(row.payload),
    attempt: row.attempt,
    failures: row.failures,
    runAt: row.run_at,
    createdAt: row.created_at,
    lastError: row.last_error,
  };
}
