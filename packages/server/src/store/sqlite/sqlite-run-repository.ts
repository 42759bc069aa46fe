import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { toNullableJsonText } from '../kysely/json-text.ts';
import { PRUNABLE_STATUSES, pruneInBatches } from '../kysely/run-pruning.ts';
import {
  foreignRunErrorFor,
  KyselyRunRepository,
  latestPerRun,
  runUpsert,
  toRunRow,
} from '../kysely/run-repository.ts';
import { runTexts, wholeMs } from '../kysely/run-trace.ts';
import type { Database } from '../schema.ts';
import type { PruneOptions, PruneResult, RunWithNodes } from '../store.ts';
import { toConstraintError } from '../store-constraint-error.ts';
import type {
  RunRowValues,
  RunWriteFailure,
  RunWriterStatements,
  ThreadedRunWriter,
} from './threaded-run-writer.ts';

type BatchWriter = (entries: readonly RunRowValues[]) => void;

/** How long one retention batch may hold the thread (what it can add to a request's latency). */
const PRUNE_BATCH_MS = 10;

/**
 * The shared run repository with a faster `save`: the group-commit recorder's write path. Kysely's
 * SQLite driver builds and prepares every statement on each call; here the same Kysely-built statements
 * are compiled and prepared once, then run row by row inside one better-sqlite3 transaction.
 */
export class SqliteRunRepository extends KyselyRunRepository {
  readonly #database: BetterSqlite3.Database;
  #writeBatch: BatchWriter | undefined;

  readonly #startWriter: ((statements: RunWriterStatements) => ThreadedRunWriter) | undefined;
  #writer: ThreadedRunWriter | undefined;

  /**
   * With `startWriter`, batches are written by a worker thread on its own connection (file databases);
   * without, on this thread's connection (`:memory:`, which another connection cannot open).
   */
  constructor(
    db: Kysely<Database>,
    database: BetterSqlite3.Database,
    startWriter?: (statements: RunWriterStatements) => ThreadedRunWriter,
  ) {
    super(db);
    this.#database = database;
    this.#startWriter = startWriter;
  }

  override async save(batch: readonly RunWithNodes[]): Promise<void> {
    const entries = latestPerRun(batch);
    if (entries.length === 0) return;
    const rows = entries.map(toRowValues);
    if (this.#startWriter) {
      this.#writer ??= this.#startWriter(this.#statements());
      try {
        await this.#writer.write(rows);
      } catch (failure) {
        throw fromWriteFailure(failure as RunWriteFailure);
      }
      return;
    }
    // Holding Kysely's connection keeps its transactions off the handle while ours runs; without it our
    // transaction could nest as a savepoint inside one of them.
    await this.db.connection().execute(async () => {
      this.#writeBatch ??= this.#prepareBatchWriter();
      try {
        this.#writeBatch(rows);
      } catch (error) {
        throw toConstraintError('run batch', error) ?? error;
      }
    });
  }

  /**
   * Retention on the embedded store. better-sqlite3 blocks the thread while a statement runs, so each
   * batch is one short statement that deletes by rowid what the `runs_created_status` index finds
   * (oldest first, finished only), sized to take about PRUNE_BATCH_MS, and the pause between batches
   * gives the thread back.
   */
  override async prune(options: PruneOptions): Promise<PruneResult> {
    const statuses = PRUNABLE_STATUSES.map(() => '?').join(', ');
    const deleteOldest = this.#database.prepare(
      `delete from runs where rowid in (select rowid from runs where created_at < ? and status in (${statuses}) order by created_at limit ?)`,
    );
    const rowidSpan = this.#database
      .prepare('select coalesce(max(rowid) - min(rowid) + 1, 0) from runs')
      .pluck();
    const countRuns = this.#database.prepare('select count(*) from runs').pluck();
    // count(*) walks an index: ~15-30 ms of blocked thread at a million runs. The rowid span is an
    // upper bound read from the two ends of the table: below the limit, no count is needed.
    const countExcess = (keepNewest: number) => {
      if ((rowidSpan.get() as number) <= keepNewest) return 0;
      return Math.max(0, (countRuns.get() as number) - keepNewest);
    };
    const deleted = await pruneInBatches(
      {
        deleteOldest: (limit, createdBefore) =>
          this.db
            .connection()
            .execute(async () => deleteOldest.run(createdBefore, ...PRUNABLE_STATUSES, limit).changes),
        countExcess: (keepNewest) => this.db.connection().execute(async () => countExcess(keepNewest)),
      },
      options,
      { targetBatchMs: PRUNE_BATCH_MS },
    );
    return { deleted, ran: true };
  }

  /** Stops the writer thread once its batches are committed. */
  async closeWriter(): Promise<void> {
    await this.#writer?.close();
    this.#writer = undefined;
  }

  /**
   * The upsert, compiled by Kysely, for the writer thread to prepare; checked to take its parameters in
   * the order toRowValues gives the values.
   */
  #statements(): RunWriterStatements {
    const sample = { run: sampleRun, nodes: [] };
    return { upsert: this.#aligned(runUpsert(this.db, [toRunRow(sample)]).compile(), toRowValues(sample)) };
  }

  /**
   * The same statement and rows as the writer thread (run-writer-worker.js), prepared here. Lazily:
   * the tables exist only once migrate() has run.
   */
  #prepareBatchWriter(): BatchWriter {
    const upsert = this.#database.prepare(this.#statements().upsert);
    const transaction = this.#database.transaction((entries: readonly RunRowValues[]) => {
      for (const run of entries) {
        if (upsert.run(run).changes === 0) throw foreignRunErrorFor(run[0] as string);
      }
    });
    return (entries) => transaction.immediate(entries);
  }

  /** Rows are bound positionally: checks once that the compiled statement takes them in that order. */
  #aligned(compiled: { sql: string; parameters: readonly unknown[] }, expected: readonly unknown[]): string {
    const aligned =
      compiled.parameters.length === expected.length &&
      compiled.parameters.every((parameter, index) => parameter === expected[index]);
    if (!aligned) throw new Error(`statement parameters do not follow the row's columns: ${compiled.sql}`);
    return compiled.sql;
  }
}

/**
 * The run's column values, its node trace included, in toRunRow's key order (#statements checks it
 * against the compiled statement), built straight into an array: this runs on the request thread once
 * per recorded run.
 */
function toRowValues(entry: RunWithNodes): RunRowValues {
  const { run } = entry;
  const texts = runTexts(entry);
  return [
    run.requestId,
    run.projectId,
    run.flowId,
    run.deploymentNumber,
    run.mode,
    run.status,
    texts.payload,
    texts.result,
    toNullableJsonText(run.error),
    run.apiKeyId,
    run.idempotencyKey,
    run.createdAt,
    run.startedAt,
    run.finishedAt,
    wholeMs(run.durationMs),
    run.totalTokens,
    run.costUsd,
    texts.nodes,
  ];
}

function fromWriteFailure(failure: RunWriteFailure): Error {
  if (failure.foreignRequestId !== undefined) return foreignRunErrorFor(failure.foreignRequestId);
  const error = Object.assign(new Error(failure.message), { code: failure.code });
  return toConstraintError('run batch', error) ?? error;
}

/** Distinct values per column, so the alignment check in #prepare can tell columns apart. */
const sampleRun = {
  requestId: 'request',
  projectId: 'project',
  flowId: 'flow',
  deploymentNumber: 1,
  mode: 'sync',
  status: 'success',
  payload: 'payload',
  result: 'result',
  error: 'error',
  apiKeyId: 'key',
  idempotencyKey: 'idempotency',
  createdAt: 2,
  startedAt: 3,
  finishedAt: 4,
  durationMs: 5,
  totalTokens: 6,
  costUsd: 7.5,
} as const;
