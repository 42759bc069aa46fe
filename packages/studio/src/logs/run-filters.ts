import type { RunQuery, RunStatus } from '@flowgate/server/studio-contract';

/**
 * The Logs page's filters, as they sit in its URL (`?flow=hello&status=error&range=24h&q=pineapple`), so a
 * filtered view can be shared and survives a reload. Custom periods carry `from`/`to` in epoch ms.
 */
export interface RunFilters {
  flowId: string;
  status: RunStatus | '';
  range: RunRange;
  /** Only for the custom range. */
  from: number | null;
  to: number | null;
  search: string;
}

export const RUN_RANGES = {
  all: { label: 'Any time', ms: null },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
  custom: { label: 'Custom…', ms: null },
} as const;

export type RunRange = keyof typeof RUN_RANGES;

export const RUN_STATUSES: readonly RunStatus[] = ['success', 'error', 'running', 'queued'];

export const NO_FILTERS: RunFilters = {
  flowId: '',
  status: '',
  range: 'all',
  from: null,
  to: null,
  search: '',
};

function epoch(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

export function readRunFilters(params: URLSearchParams): RunFilters {
  const status = params.get('status');
  const range = params.get('range');
  const chosenRange: RunRange =
    range !== null && Object.hasOwn(RUN_RANGES, range) ? (range as RunRange) : 'all';
  return {
    flowId: params.get('flow') ?? '',
    status: RUN_STATUSES.find((known) => known === status) ?? '',
    range: chosenRange,
    from: chosenRange === 'custom' ? epoch(params.get('from')) : null,
    to: chosenRange === 'custom' ? epoch(params.get('to')) : null,
    search: params.get('q') ?? '',
  };
}

/** Only what is set, so an unfiltered view has a bare URL. */
export function writeRunFilters(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.flowId) params.set('flow', filters.flowId);
  if (filters.status) params.set('status', filters.status);
  if (filters.range !== 'all') params.set('range', filters.range);
  if (filters.range === 'custom' && filters.from !== null) params.set('from', String(filters.from));
  if (filters.range === 'custom' && filters.to !== null) params.set('to', String(filters.to));
  if (filters.search.trim()) params.set('q', filters.search.trim());
  return params;
}

export function hasFilters(filters: RunFilters): boolean {
  return writeRunFilters(filters).size > 0;
}

/** The API query for the filters, with presets ending at `now`. */
export function runQuery(filters: RunFilters, now: number): RunQuery {
  const query: RunQuery = {};
  if (filters.flowId) query.flowId = filters.flowId;
  if (filters.status) query.status = filters.status;
  if (filters.search.trim()) query.search = filters.search.trim();
  const preset = RUN_RANGES[filters.range].ms;
  if (preset !== null) {
    query.from = now - preset;
    query.to = now;
  } else if (filters.range === 'custom') {
    if (filters.from !== null) query.from = filters.from;
    if (filters.to !== null) query.to = filters.to;
  }
  return query;
}

/** A problem with the custom period, said so a person can fix it; null when it is fine. */
export function rangeProblem(filters: RunFilters): string | null {
  if (filters.range !== 'custom') return null;
  if (filters.from !== null && filters.to !== null && filters.from > filters.to)
    return 'The period starts after it ends: choose a "From" time before the "To" time.';
  return null;
}
