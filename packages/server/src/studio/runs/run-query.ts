/** GET P/runs and P/runs/export: the query string (contract RunQuery) read into a store filter. */
import type { RunFilter, RunPosition } from '../../store/store.ts';
import type { RunStatus } from '../contract.ts';
import { QueryParams } from './query-params.ts';
import { decodeCursor } from './run-cursor.ts';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'success', 'error'];
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface ParsedRunQuery {
  filter: RunFilter;
  after: RunPosition | undefined;
  limit: number;
}

/** Reads the filters; `extra` reads more fields (export's format) before the single check. */
export function parseRunQuery<T>(
  projectId: string,
  query: unknown,
  extra: (params: QueryParams) => T,
): ParsedRunQuery & { extra: T } {
  const params = new QueryParams(query);
  const filter: RunFilter = { projectId };
  const flowId = params.text('flowId', 200);
  if (flowId !== undefined) filter.flowId = flowId;
  const status = params.oneOf('status', STATUSES);
  if (status !== undefined) filter.status = status;
  const search = params.text('search', 200);
  if (search !== undefined) filter.search = search;
  const from = params.time('from');
  if (from !== undefined) filter.from = from;
  const to = params.time('to');
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to) {
    params.problem('to', `must not be before from (from ${from}, to ${to})`);
  }
  const limit = params.integer('limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const cursorText = params.text('cursor', 500);
  const after = cursorText === undefined ? undefined : decodeCursor(cursorText);
  if (cursorText !== undefined && after === undefined) {
    params.problem('cursor', 'is not a cursor of this list: pass nextCursor from the previous page as it is');
  }
  const more = extra(params);
  params.check();
  return { filter, after, limit, extra: more };
}
