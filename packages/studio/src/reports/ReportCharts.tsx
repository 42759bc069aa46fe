import type { ReportView } from '@flowgate/server/studio-contract';
import { formatBucket, formatCompact, formatCost, formatDuration, formatPercent } from '../logs/format.ts';
import { CHART_COLORS } from './charts/chart-types.ts';
import { TimeSeriesChart } from './charts/TimeSeriesChart.tsx';

/** The period's charts over time: requests and errors, latency, error rate, tokens and cost. */
export function ReportCharts({ report }: { report: ReportView }) {
  const categories = report.buckets.map((bucket) => formatBucket(bucket.start, report.bucket));
  const per = report.bucket === 'hour' ? 'hour' : 'day';
  const pick = (read: (bucket: ReportView['buckets'][number]) => number | null) => report.buckets.map(read);
  return (
    <div className="report-charts">
      <TimeSeriesChart
        title="Requests"
        description={`Runs per ${per}, split into succeeded and failed: ${report.totals.requests} in all, ${report.totals.errors} failed.`}
        kind="bar"
        categories={categories}
        series={[
          { label: 'Succeeded', color: CHART_COLORS.primary, values: pick((b) => b.requests - b.errors) },
          { label: 'Failed', color: CHART_COLORS.danger, values: pick((b) => b.errors) },
        ]}
        formatValue={formatCompact}
        wholeNumbers
      />
      <TimeSeriesChart
        title="Latency"
        description={`Median (p50) and 95th percentile (p95) run duration per ${per}; gaps are periods without runs.`}
        kind="line"
        categories={categories}
        series={[
          { label: 'p50', color: CHART_COLORS.primary, values: pick((b) => b.p50Ms) },
          { label: 'p95', color: CHART_COLORS.secondary, values: pick((b) => b.p95Ms) },
        ]}
        formatValue={formatDuration}
      />
      <TimeSeriesChart
        title="Error rate"
        description={`Share of runs that failed, per ${per}; gaps are periods without runs.`}
        kind="area"
        categories={categories}
        series={[
          {
            label: 'Error rate',
            color: CHART_COLORS.danger,
            values: pick((b) => (b.requests === 0 ? null : b.errorRate)),
          },
        ]}
        formatValue={formatPercent}
      />
      <TimeSeriesChart
        title="Tokens"
        description={`Tokens used by model calls per ${per}.`}
        kind="bar"
        categories={categories}
        series={[{ label: 'Tokens', color: CHART_COLORS.violet, values: pick((b) => b.totalTokens) }]}
        formatValue={formatCompact}
        wholeNumbers
      />
      <TimeSeriesChart
        title="Cost"
        description={`Model cost in US dollars per ${per}, where the provider's price is known.`}
        kind="area"
        categories={categories}
        series={[{ label: 'Cost (USD)', color: CHART_COLORS.teal, values: pick((b) => b.costUsd) }]}
        formatValue={formatCost}
      />
    </div>
  );
}
