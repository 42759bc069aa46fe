/** How the Logs and Reports pages write numbers, times and durations: one place, so both read alike. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const HOUR = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const INTEGER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const COMPACT = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function formatDateTime(epochMs: number): string {
  return DATE_TIME.format(epochMs);
}

/** A bucket start: "Nov 27, 14" for hours, "Nov 27" for days. */
export function formatBucket(epochMs: number, bucket: 'hour' | 'day'): string {
  return bucket === 'hour' ? HOUR.format(epochMs) : DAY.format(epochMs);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTokens(tokens: number | null): string {
  return tokens === null ? '—' : INTEGER.format(tokens);
}

/** Axis labels: 1.2K, 3M. */
export function formatCompact(value: number): string {
  return COMPACT.format(value);
}

export function formatInteger(value: number): string {
  return INTEGER.format(value);
}

/** Costs are small: show four decimals under a cent, two above. */
export function formatCost(usd: number | null): string {
  if (usd === null) return '—';
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0))}%`;
}
