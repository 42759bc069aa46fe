import {
  type ExpressionBuilder,
  type Kysely,
  PostgresAdapter,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { Database } from '../schema.ts';
import type {
  RunExportRow,
  RunFilter,
  RunListRow,
  RunPosition,
  RunReport,
  RunReportFilter,
  StudioRunQueries,
} from '../studio-run-records.ts';
import { fromJsonText, fromNullableJsonText } from './json-text.ts';
import { runReport } from './studio-report-queries.ts';

type RunsQuery = SelectQueryBuilder<Database, 'runs' | 'api_keys', object>;

/**
 * The Studio's run reads. Pages walk `runs_project_created_request` (project, createdAt, requestId:
 * migration 0011) newest first from a keyset position, so a later page costs what the first does;
 * filters on status use `runs_project_status_created`, on flow `runs_project_flow_created`.
 */
export class KyselyStudioRunQueries implements StudioRunQueries {
  readonly #db: Kysely<Database>;
  /** PostgreSQL's LIKE is case-sensitive: ILIKE there; SQLite's LIKE ignores ASCII case already. */
  readonly #like: 'like' | 'ilike';

  constructor(db: Kysely<Database>) {
    this.#db = db;
    this.#like = db.getExecutor().adapter instanceof PostgresAdapter ? 'ilike' : 'like';
  }

  async page(
    filter: RunFilter,
    options: { after?: RunPosition; limit: number; searchScan?: number },
  ): Promise<{ rows: RunListRow[]; scannedTo?: RunPosition }> {
    if (filter.search !== undefined && options.after === undefined) {
      // A pasted requestId: its run alone (a primary-key read), when the other filters keep it.
      const exact = await this.#filtered({ ...filter, search: undefined }, undefined)
        .where('runs.request_id', '=', filter.search)
        .select(listColumns)
        .execute();
      if (exact.length > 0) return { rows: exact.map(toListRow) };
    }
    let query = this.#filtered(filter, options.after);
    let scannedTo: RunPosition | undefined;
    if (filter.search !== undefined && options.searchScan !== undefined) {
      // The searchScan-th run the other filters select: the search reads no further on this page.
      const last = await this.#filtered({ ...filter, search: undefined }, options.after)
        .select(['runs.created_at', 'runs.request_id'])
        .offset(options.searchScan - 1)
        .limit(1)
        .executeTakeFirst();
      if (last !== undefined) {
        scannedTo = { createdAt: last.created_at, requestId: last.request_id };
        const bound = scannedTo;
        query = query.where((eb) =>
          eb(
            eb.refTuple('runs.created_at', 'runs.request_id'),
            '>=',
            eb.tuple(bound.createdAt, bound.requestId),
          ),
        );
      }
    }
    const rows = await query.select(listColumns).limit(options.limit).execute();
    return { rows: rows.map(toListRow), ...(scannedTo === undefined ? {} : { scannedTo }) };
  }

  async exportBatch(
    filter: RunFilter,
    options: { after?: RunPosition; limit: number },
  ): Promise<RunExportRow[]> {
    const rows = await this.#filtered(filter, options.after)
      .select(listColumns)
      .select(['runs.payload', 'runs.result', 'runs.error'])
      .limit(options.limit)
      .execute();
    return rows.map((row) => ({
      ...toListRow(row),
      payload: fromJsonText(row.payload),
      result: fromNullableJsonText(row.result),
      error: fromNullableJsonText(row.error),
    }));
  }

  async apiKeyName(projectId: string, apiKeyId: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('api_keys')
      .select('name')
      .where('project_id', '=', projectId)
      .where('id', '=', apiKeyId)
      .executeTakeFirst();
    return row?.name ?? null;
  }

  report(filter: RunReportFilter, bucketMs: number): Promise<RunReport> {
    return runReport(this.#db, filter, bucketMs);
  }

  #filtered(filter: RunFilter, after: RunPosition | undefined): RunsQuery {
    let query: RunsQuery = this.#db
      .selectFrom('runs')
      .leftJoin('api_keys', (join) =>
        join
          .onRef('api_keys.id', '=', 'runs.api_key_id')
          .onRef('api_keys.project_id', '=', 'runs.project_id'),
      )
      .where('runs.project_id', '=', filter.projectId);
    if (filter.flowId !== undefined) query = query.where('runs.flow_id', '=', filter.flowId);
    if (filter.status !== undefined) query = query.where('runs.status', '=', filter.status);
    if (filter.from !== undefined) query = query.where('runs.created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('runs.created_at', '<=', filter.to);
    if (after !== undefined) {
      query = query.where((eb) =>
        eb(
          eb.refTuple('runs.created_at', 'runs.request_id'),
          '<',
          eb.tuple(after.createdAt, after.requestId),
        ),
      );
    }
    const search = filter.search;
    if (search !== undefined && search !== '') {
      const pattern = `%${escapeLike(search)}%`;
      query = query.where((eb) =>
        eb.or([
          this.#matches(eb, 'runs.payload', pattern),
          this.#matches(eb, 'runs.result', pattern),
          this.#matches(eb, 'runs.error', pattern),
          eb('runs.request_id', '=', search),
        ]),
      );
    }
    return query.orderBy('runs.created_at', 'desc').orderBy('runs.request_id', 'desc');
  }

  #matches(
    eb: ExpressionBuilder<Database, 'runs' | 'api_keys'>,
    column: 'runs.payload' | 'runs.result' | 'runs.error',
    pattern: string,
  ) {
    return sql<SqlBool>`${eb.ref(column)} ${sql.raw(this.#like)} ${pattern} escape '\\'`;
  }
}

const listColumns = [
  'runs.request_id',
  'runs.flow_id',
  'runs.status',
  'runs.mode',
  'runs.deployment_number',
  'runs.created_at',
  'runs.duration_ms',
  'runs.total_tokens',
  'runs.cost_usd',
  'api_keys.name as api_key_name',
] as const;

interface ListColumns {
  request_id: string;
  flow_id: string;
  status: RunListRow['status'];
  mode: string;
  deployment_number: number;
  created_at: number;
  duration_ms: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  api_key_name: string | null;
}

function toListRow(row: ListColumns): RunListRow {
  return {
    requestId: row.request_id,
    flowId: row.flow_id,
    status: row.status,
    mode: row.mode as RunListRow['mode'],
    deploymentNumber: row.deployment_number,
    createdAt: row.created_at,
    durationMs: row.duration_ms,
    totalTokens: row.total_tokens,
    costUsd: row.cost_usd,
    apiKeyName: row.api_key_name,
  };
}

/** `%`, `_` and the escape character itself match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
