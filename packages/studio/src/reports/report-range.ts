import type { ReportQuery } from '@flowgate/server/studio-contract';

/** The Reports page's choices, as they sit in its URL (`?range=7d&bucket=day&flow=hello`). */
export interface ReportChoice {
  range: ReportRange;
  bucket: 'hour' | 'day';
  flowId: string;
}

export const REPORT_RANGES = {
  '24h': { label: 'Last 24 hours', ms: 24 * 3_600_000, bucket: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'day' },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'day' },
} as const;

export type ReportRange = keyof typeof REPORT_RANGES;

function isRange(value: string | null): value is ReportRange {
  return value !== null && Object.hasOwn(REPORT_RANGES, value);
}

/** Reads the choice from the URL; anything unknown falls back to the last 24 hours by hour. */
export function readReportChoice(params: URLSearchParams): ReportChoice {
  const rangeParam = params.get('range');
  const range: ReportRange = isRange(rangeParam) ? rangeParam : '24h';
  const bucketParam = params.get('bucket');
  const bucket = bucketParam === 'hour' || bucketParam === 'day' ? bucketParam : REPORT_RANGES[range].bucket;
  return { range, bucket, flowId: params.get('flow') ?? '' };
}

/** Writes only what differs from the defaults, so a shared link stays short. */
export function writeReportChoice(choice: ReportChoice): URLSearchParams {
  const params = new URLSearchParams();
  if (choice.range !== '24h') params.set('range', choice.range);
  if (choice.bucket !== REPORT_RANGES[choice.range].bucket) params.set('bucket', choice.bucket);
  if (choice.flowId) params.set('flow', choice.flowId);
  return params;
}

/** The API query for a choice, ending now. */
export function reportQuery(choice: ReportChoice, now: number): ReportQuery {
  return {
    from: now - REPORT_RANGES[choice.range].ms,
    to: now,
    bucket: choice.bucket,
    ...(choice.flowId ? { flowId: choice.flowId } : {}),
  };
}
