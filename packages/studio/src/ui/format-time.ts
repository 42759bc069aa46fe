const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Mar 4, 2026, 14:05" in the reader's locale; an em dash for no time. */
export function formatTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—';
  return DATE_TIME.format(new Date(epochMs));
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 minutes ago", "in 29 days", "now"; `fallback` when there is no time. */
export function formatRelativeTime(
  epochMs: number | null | undefined,
  fallback = 'Never',
  now = Date.now(),
): string {
  if (epochMs === null || epochMs === undefined) return fallback;
  const difference = epochMs - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(difference) >= size) return RELATIVE.format(Math.round(difference / size), unit);
  }
  return RELATIVE.format(0, 'minute');
}
