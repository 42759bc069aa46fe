import { type Insertable, sql } from 'kysely';
import {
  foreignRunError,
  KyselyRunRepository,
  latestPerRun,
  replaceRunOnConflict,
  toRunRow,
} from '../kysely/run-repository.ts';
import type { RunTable } from '../schema.ts';
import type { PruneOptions, PruneResult, RunWithNodes } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

/** PostgreSQL array element type of every column, for `unnest`. */
const runColumnTypes: Readonly<Record<keyof RunTable, string>> = {
  request_id: 'text',
  project_id: 'text',
  flow_id: 'text',
  deployment_number: 'int4',
  mode: 'text',
  status: 'text',
  payload: 'text',
  result: 'text',
  error: 'text',
  api_key_id: 'text',
  idempotency_key: 'text',
  created_at: 'int8',
  started_at: 'int8',
  finished_at: 'int8',
  duration_ms: 'int8',
  total_tokens: 'int8',
  cost_usd: 'float8',
  nodes: 'text',
};

/**
 * The shared run repository with a faster `save`: rows travel as one array per column through
 * `unnest`, so a batch is one statement of fixed shape (18 parameters) instead of multi-row VALUES
 * with thousands of parameters to bind, parse and plan (measured about twice as fast). Same semantics
 * as the shared save: upsert with the node trace, refuse a foreign requestId.
 */
export class PostgresRunRepository extends KyselyRunRepository {
  override async save(batch: readonly RunWithNodes[]): Promise<void> {
    const entries = latestPerRun(batch);
    if (entries.length === 0) return;
    const runRows = entries.map(toRunRow);
    // A transaction although it is one statement: a requestId of another project is skipped by the
    // conflict clause, not refused, and the batch's other rows must not stay written.
    await withConstraintErrors('run batch', () =>
      this.db.transaction().execute(async (trx) => {
        const runs = unnest(runRows, runColumnTypes);
        const written = await trx
          .insertInto('runs')
          .columns(runs.columns)
          .expression(runs.select)
          .onConflict(replaceRunOnConflict)
          .returning('request_id')
          .execute();
        if (written.length !== runRows.length) throw foreignRunError(runRows, written);
      }),
    );
  }

  /**
   * The shared batched deletes, run only by the process holding the advisory lock. The lock lives on
   * one pooled connection held for the whole pass; the deletes use the pool's others.
   */
  override async prune(options: PruneOptions): Promise<PruneResult> {
    return this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(${pruneLockKey}) as locked`.execute(connection);
      if (rows[0]?.locked !== true) return { deleted: 0, ran: false };
      try {
        return await super.prune(options);
      } finally {
        await sql`select pg_advisory_unlock(${pruneLockKey})`.execute(connection);
      }
    });
  }
}

/**
 * One pruner per database at a time: processes take this session-level advisory lock, keyed by the
 * schema so stores in other schemas of the same database (tests, other deployments) do not wait on
 * each other. A process that dies releases it with its session.
 */
const pruneLockKey = sql`hashtext(current_schema() || '.flowgate_runs_prune')`;

/** `select * from unnest($1::text[], $2::int8[], …)`: one array parameter per column. */
function unnest<Row extends object>(
  rows: readonly Insertable<Row>[],
  types: Readonly<Record<keyof Row & string, string>>,
) {
  const columns = Object.keys(types) as (keyof Row & string)[];
  const arrays = columns.map(
    (column) =>
      sql`${rows.map((row) => row[column as keyof Insertable<Row>] ?? null)}::${sql.raw(types[column])}[]`,
  );
  return { columns, select: sql`select * from unnest(${sql.join(arrays)})` };
}
