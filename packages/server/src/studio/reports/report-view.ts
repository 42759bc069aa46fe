/**
 * The store's aggregates → ReportView: one bucket for every hour or day of the period (empty ones
 * as zeros, so a chart's x axis is regular time), error rates derived from the counts.
 */
import type { RunAggregate, RunReport } from '../../store/store.ts';
import type { ReportBucket, ReportView } from '../contract.ts';

export type BucketSize = 'hour' | 'day';
export const BUCKET_MS: Readonly<Record<BucketSize, number>> = { hour: 3_600_000, day: 86_400_000 };

export function toReportView(
  report: RunReport,
  period: { from: number; to: number; bucket: BucketSize },
): ReportView {
  const size = BUCKET_MS[period.bucket];
  const filled = new Map(report.buckets.map((bucket) => [bucket.start, bucket]));
  const buckets: ReportBucket[] = [];
  for (let start = period.from - (period.from % size); start <= period.to; start += size) {
    buckets.push({ start, ...figures(filled.get(start)) });
  }
  return {
    from: period.from,
    to: period.to,
    bucket: period.bucket,
    buckets,
    totals: figures(report.totals),
    flows: report.flows.map((flow) => ({ flowId: flow.flowId, ...figures(flow) })),
  };
}

function figures(aggregate: RunAggregate | undefined): Omit<ReportBucket, 'start'> {
  if (aggregate === undefined) {
    return { requests: 0, errors: 0, errorRate: 0, p50Ms: null, p95Ms: null, totalTokens: 0, costUsd: 0 };
  }
  return {
    requests: aggregate.requests,
    errors: aggregate.errors,
    errorRate: aggregate.requests === 0 ? 0 : aggregate.errors / aggregate.requests,
    p50Ms: aggregate.p50Ms,
    p95Ms: aggregate.p95Ms,
    totalTokens: aggregate.totalTokens,
    costUsd: roundUsd(aggregate.costUsd),
  };
}

/** Sums of floats drift in the last digits: cost is kept to a millionth of a cent. */
function roundUsd(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
