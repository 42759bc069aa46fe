/**
 * What the Studio reads about runs (Logs, Reports): filtered keyset pages, export batches and
 * aggregates per time bucket, all scoped by project. Implemented once with Kysely
 * (kysely/studio-run-queries.ts) for SQLite and PostgreSQL.
 */
import type { JsonValue } from '@flowgate/engine';
import type { RunMode, RunStatus } from './store.ts';

export interface RunFilter {
  projectId: string;
  flowId?: string;
  status?: RunStatus;
  /** Free text, matched case-insensitively in the payload, result and error (and equal to a requestId). */
  search?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
}

/** A position in the newest-first order (createdAt desc, requestId desc): pages continue after it. */
export interface RunPosition {
  createdAt: number;
  requestId: string;
}

export interface RunListRow {
  requestId: string;
  flowId: string;
  status: RunStatus;
  mode: RunMode | 'test';
  deploymentNumber: number;
  createdAt: number;
  durationMs: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  apiKeyName: string | null;
}

export interface RunExportRow extends RunListRow {
  payload: JsonValue;
  result: JsonValue | null;
  error: JsonValue | null;
}

export interface RunReportFilter {
  projectId: string;
  flowId?: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
}

/** The figures of one group of runs (a time bucket, a flow, or the whole period). */
export interface RunAggregate {
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalTokens: number;
  costUsd: number;
}

export interface RunReport {
  /** Only buckets that hold runs, by start (epoch ms, a multiple of the bucket size: UTC hours/days). */
  buckets: ({ start: number } & RunAggregate)[];
  flows: ({ flowId: string } & RunAggregate)[];
  totals: RunAggregate;
}

export interface StudioRunQueries {
  /**
   * Newest first, at most `limit` rows after `after`. With a search and `searchScan`, only the next
   * `searchScan` runs (in that order, after the other filters) are searched, so a rare word costs a
   * bounded read per page: `scannedTo` is then the last run read, where the next page goes on.
   * A search equal to a requestId of the project answers that run alone.
   */
  page(
    filter: RunFilter,
    options: { after?: RunPosition; limit: number; searchScan?: number },
  ): Promise<{ rows: RunListRow[]; scannedTo?: RunPosition }>;
  /** As `page`, with the documents: export walks the runs in batches with it. */
  exportBatch(filter: RunFilter, options: { after?: RunPosition; limit: number }): Promise<RunExportRow[]>;
  /** The key's name when it belongs to the project (revoked keys keep theirs). */
  apiKeyName(projectId: string, apiKeyId: string): Promise<string | null>;
  /**
   * Runs API clients made (modes `test` and `subflow` are left out: a Studio test-run or a nested
   * flow is not a request), grouped by time bucket and by flow. Percentiles are nearest-rank over
   * the durations of finished runs.
   */
  report(filter: RunReportFilter, bucketMs: number): Promise<RunReport>;
}
