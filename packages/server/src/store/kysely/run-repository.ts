import type { Insertable, Kysely, OnConflictBuilder, Selectable } from 'kysely';
import type { Database, RunTable } from '../schema.ts';
import type { PruneOptions, PruneResult, RunRecord, RunRepository, RunWithNodes } from '../store.ts';
import { StoreConstraintError, withConstraintErrors } from '../store-constraint-error.ts';
import { fromJsonText, fromNullableJsonText, toNullableJsonText } from './json-text.ts';
import { PRUNABLE_STATUSES, pruneInBatches } from './run-pruning.ts';
import { fromNodeTraceText, runTexts, wholeMs } from './run-trace.ts';

/** Stays under SQLite's (32766) and PostgreSQL's (65535) limits on bound parameters per statement. */
const maxParameters = 30_000;

/** Every column of runs but the node trace: what listings read. */
const RUN_COLUMNS = [
  'request_id',
  'project_id',
  'flow_id',
  'deployment_number',
  'mode',
  'status',
  'payload',
  'result',
  'error',
  'api_key_id',
  'idempotency_key',
  'created_at',
  'started_at',
  'finished_at',
  'duration_ms',
  'total_tokens',
  'cost_usd',
] as const satisfies readonly Exclude<keyof RunTable, 'nodes'>[];

type RunRow = Omit<Selectable<RunTable>, 'nodes'>;

export class KyselyRunRepository implements RunRepository {
  protected readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /**
   * One transaction of multi-row upserts, the node trace in each run's row. A run whose requestId is
   * already taken by another project is refused (the whole batch fails) rather than moved across tenants.
   */
  async save(batch: readonly RunWithNodes[]): Promise<void> {
    const entries = latestPerRun(batch);
    if (entries.length === 0) return;
    await withConstraintErrors('run batch', () =>
      this.db.transaction().execute(async (trx) => {
        const runRows = entries.map(toRunRow);
        for (const rows of chunks(runRows, maxParameters / (RUN_COLUMNS.length + 1))) {
          const written = await runUpsert(trx, rows).returning('request_id').execute();
          if (written.length !== rows.length) throw foreignRunError(rows, written);
        }
      }),
    );
  }

  async get(projectId: string, requestId: string): Promise<RunWithNodes | undefined> {
    const row = await this.db
      .selectFrom('runs')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { run: toRunRecord(row), nodes: fromNodeTraceText(row.request_id, row.nodes) };
  }

  async list(
    projectId: string,
    options: { limit: number; before?: number; flowId?: string },
  ): Promise<RunRecord[]> {
    let query = this.db.selectFrom('runs').select(RUN_COLUMNS).where('project_id', '=', projectId);
    if (options.before !== undefined) query = query.where('created_at', '<', options.before);
    if (options.flowId !== undefined) query = query.where('flow_id', '=', options.flowId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('request_id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toRunRecord);
  }

  async listUnfinished(options: {
    createdAfter: number;
    createdBefore: number;
    limit: number;
  }): Promise<RunRecord[]> {
    // The range on created_at uses runs_created_status.
    const rows = await this.db
      .selectFrom('runs')
      .select(RUN_COLUMNS)
      .where('created_at', '>=', options.createdAfter)
      .where('created_at', '<', options.createdBefore)
      .where('status', 'in', ['queued', 'running'])
      .where('mode', 'not in', ['sync', 'stream', 'subflow'])
      .orderBy('created_at')
      .limit(options.limit)
      .execute();
    return rows.map(toRunRecord);
  }

  async findByIdempotencyKey(projectId: string, key: string): Promise<RunRecord | undefined> {
    const row = await this.db
      .selectFrom('runs')
      .select(RUN_COLUMNS)
      .where('project_id', '=', projectId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : toRunRecord(row);
  }

  async releaseIdempotencyKey(projectId: string, key: string, createdBefore: number): Promise<boolean> {
    const result = await this.db
      .updateTable('runs')
      .set({ idempotency_key: null })
      .where('project_id', '=', projectId)
      .where('idempotency_key', '=', key)
      .where('created_at', '<', createdBefore)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * `DELETE … WHERE request_id IN (SELECT … ORDER BY created_at LIMIT n)`: one statement per batch,
   * walking the `runs_created_status` index.
   */
  async prune(options: PruneOptions): Promise<PruneResult> {
    const deleted = await pruneInBatches(
      {
        deleteOldest: async (limit, createdBefore) => {
          const result = await this.db
            .deleteFrom('runs')
            .where('request_id', 'in', (eb) =>
              eb
                .selectFrom('runs')
                .select('request_id')
                .where('created_at', '<', createdBefore)
                .where('status', 'in', PRUNABLE_STATUSES)
                .orderBy('created_at')
                .limit(limit),
            )
            .executeTakeFirst();
          return Number(result.numDeletedRows);
        },
        countExcess: async (keepNewest) => {
          const row = await this.db
            .selectFrom('runs')
            .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
            .executeTakeFirstOrThrow();
          return Math.max(0, Number(row.count) - keepNewest);
        },
      },
      options,
    );
    return { deleted, ran: true };
  }
}

/**
 * The recorder may hold several states of one run in a batch (running, then success): the last one
 * wins. Sorted by requestId so concurrent batches lock rows in one order (no deadlocks on PostgreSQL).
 */
export function latestPerRun(batch: readonly RunWithNodes[]): RunWithNodes[] {
  const latest = new Map<string, RunWithNodes>();
  for (const entry of batch) latest.set(entry.run.requestId, entry);
  return [...latest.values()].sort((a, b) =>
    a.run.requestId < b.run.requestId ? -1 : a.run.requestId > b.run.requestId ? 1 : 0,
  );
}

/** Inserts runs, or replaces them (see replaceRunOnConflict). */
export function runUpsert(db: Kysely<Database>, rows: readonly Insertable<RunTable>[]) {
  return db.insertInto('runs').values(rows).onConflict(replaceRunOnConflict);
}

/**
 * Replaces every column of an existing run but its tenant. The `where` makes a requestId owned by
 * another project a no-op (no row returned, zero changes) that callers turn into an error.
 */
export function replaceRunOnConflict(conflict: OnConflictBuilder<Database, 'runs'>) {
  return conflict
    .column('request_id')
    .doUpdateSet((eb) => ({
      flow_id: eb.ref('excluded.flow_id'),
      deployment_number: eb.ref('excluded.deployment_number'),
      mode: eb.ref('excluded.mode'),
      status: eb.ref('excluded.status'),
      payload: eb.ref('excluded.payload'),
      result: eb.ref('excluded.result'),
      error: eb.ref('excluded.error'),
      api_key_id: eb.ref('excluded.api_key_id'),
      idempotency_key: eb.ref('excluded.idempotency_key'),
      created_at: eb.ref('excluded.created_at'),
      started_at: eb.ref('excluded.started_at'),
      finished_at: eb.ref('excluded.finished_at'),
      duration_ms: eb.ref('excluded.duration_ms'),
      total_tokens: eb.ref('excluded.total_tokens'),
      cost_usd: eb.ref('excluded.cost_usd'),
      nodes: eb.ref('excluded.nodes'),
    }))
    .where((eb) => eb('runs.project_id', '=', eb.ref('excluded.project_id')));
}

export function foreignRunError(
  rows: readonly Insertable<RunTable>[],
  written: readonly { request_id: string }[],
): StoreConstraintError {
  const writtenIds = new Set(written.map((row) => row.request_id));
  const refused = rows.find((row) => !writtenIds.has(row.request_id))?.request_id ?? '?';
  return foreignRunErrorFor(refused);
}

export function foreignRunErrorFor(requestId: string): StoreConstraintError {
  return new StoreConstraintError('unique', `run ${requestId} already exists in another project`);
}

/**
 * Column order is the order of bound parameters in compiled statements (see
 * sqlite/sqlite-run-repository.ts). The node trace takes the run's requestId: a node cannot be filed
 * under another run.
 */
export function toRunRow(entry: RunWithNodes): Insertable<RunTable> {
  const { run } = entry;
  const texts = runTexts(entry);
  return {
    request_id: run.requestId,
    project_id: run.projectId,
    flow_id: run.flowId,
    deployment_number: run.deploymentNumber,
    mode: run.mode,
    status: run.status,
    payload: texts.payload,
    result: texts.result,
    error: toNullableJsonText(run.error),
    api_key_id: run.apiKeyId,
    idempotency_key: run.idempotencyKey,
    created_at: run.createdAt,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms: wholeMs(run.durationMs),
    total_tokens: run.totalTokens,
    cost_usd: run.costUsd,
    nodes: texts.nodes,
  };
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    requestId: row.request_id,
    projectId: row.project_id,
    flowId: row.flow_id,
    deploymentNumber: row.deployment_number,
    mode: row.mode,
    status: row.status,
    payload: fromJsonText(row.payload),
    result: fromNullableJsonText(row.result),
    error: fromNullableJsonText(row.error),
    apiKeyId: row.api_key_id,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    totalTokens: row.total_tokens,
    costUsd: row.cost_usd,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const whole = Math.max(1, Math.floor(size));
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += whole) result.push(items.slice(start, start + whole));
  return result;
}
