/**
 * GET P/runs/export: every run the filters select, newest first, streamed in keyset batches so
 * memory stays flat whatever the count (100 000 runs included). JSON is one array; CSV has a header
 * line and the documents (payload, result, error) as JSON text in their cells.
 */
import { Readable } from 'node:stream';
import type { RunExportRow, RunFilter, RunPosition, StudioRunQueries } from '../../store/store.ts';
import { type CsvCell, csvLine } from './csv.ts';
import { toRunSummary } from './run-views.ts';

export type ExportFormat = 'json' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv'];
const BATCH = 500;

const CSV_COLUMNS = [
  'requestId',
  'createdAt',
  'flowId',
  'status',
  'mode',
  'deploymentNumber',
  'durationMs',
  'totalTokens',
  'costUsd',
  'apiKeyName',
  'payload',
  'result',
  'error',
] as const;

export function exportStream(queries: StudioRunQueries, filter: RunFilter, format: ExportFormat): Readable {
  const lines = format === 'csv' ? csvLines(queries, filter) : jsonLines(queries, filter);
  return Readable.from(lines, { objectMode: false });
}

async function* batches(queries: StudioRunQueries, filter: RunFilter): AsyncGenerator<RunExportRow[]> {
  let after: RunPosition | undefined;
  for (;;) {
    const rows = await queries.exportBatch(
      filter,
      after === undefined ? { limit: BATCH } : { after, limit: BATCH },
    );
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < BATCH || last === undefined) return;
    after = { createdAt: last.createdAt, requestId: last.requestId };
  }
}

async function* jsonLines(queries: StudioRunQueries, filter: RunFilter): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const rows of batches(queries, filter)) {
    const text = rows
      .map((row) =>
        JSON.stringify({ ...toRunSummary(row), payload: row.payload, result: row.result, error: row.error }),
      )
      .join(',\n');
    yield `${first ? '\n' : ',\n'}${text}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

async function* csvLines(queries: StudioRunQueries, filter: RunFilter): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  for await (const rows of batches(queries, filter)) {
    yield rows.map((row) => csvLine(csvCells(row))).join('');
  }
}

function csvCells(row: RunExportRow): CsvCell[] {
  return [
    row.requestId,
    new Date(row.createdAt).toISOString(),
    row.flowId,
    row.status,
    row.mode,
    row.deploymentNumber,
    row.durationMs,
    row.totalTokens,
    row.costUsd,
    row.apiKeyName,
    JSON.stringify(row.payload),
    row.result === null ? null : JSON.stringify(row.result),
    row.error === null ? null : JSON.stringify(row.error),
  ];
}
