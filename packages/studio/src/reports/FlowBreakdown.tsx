import type { ReportView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { formatCompact, formatCost, formatDuration } from '../logs/format.ts';
import { SelectField } from '../ui/Field.tsx';
import { CHART_COLORS, type ChartSeries } from './charts/chart-types.ts';
import { HorizontalBarChart } from './charts/HorizontalBarChart.tsx';

type FlowTotals = ReportView['flows'][number];

interface MetricSpec {
  label: string;
  format(value: number): string;
  /** Counts: whole-number ticks. */
  whole: boolean;
  series(flows: FlowTotals[]): ChartSeries[];
  sortBy(flow: FlowTotals): number;
}

/** A figure shown as one bar per flow, in one colour. */
function single(
  label: string,
  color: string,
  format: (value: number) => string,
  whole: boolean,
  read: (flow: FlowTotals) => number | null,
): MetricSpec {
  return {
    label,
    format,
    whole,
    series: (flows) => [{ label, color, values: flows.map(read) }],
    sortBy: (flow) => read(flow) ?? 0,
  };
}

const METRICS = {
  requests: {
    label: 'Requests',
    format: formatCompact,
    whole: true,
    series: (flows) => [
      { label: 'Succeeded', color: CHART_COLORS.primary, values: flows.map((f) => f.requests - f.errors) },
      { label: 'Failed', color: CHART_COLORS.danger, values: flows.map((f) => f.errors) },
    ],
    sortBy: (flow) => flow.requests,
  },
  p95: single('p95 latency', CHART_COLORS.secondary, formatDuration, false, (flow) => flow.p95Ms),
  tokens: single('Tokens', CHART_COLORS.violet, formatCompact, true, (flow) => flow.totalTokens),
  cost: single('Cost (USD)', CHART_COLORS.teal, formatCost, false, (flow) => flow.costUsd),
} satisfies Record<string, MetricSpec>;

type Metric = keyof typeof METRICS;

const METRIC_OPTIONS: { value: Metric; label: string }[] = (Object.keys(METRICS) as Metric[]).map((key) => ({
  value: key,
  label: METRICS[key].label,
}));

/** One bar per flow for the chosen figure, largest first. */
export function FlowBreakdown({ flows }: { flows: ReportView['flows'] }) {
  const [metric, setMetric] = useState<Metric>('requests');
  const chosen = METRICS[metric];
  const sorted = [...flows].sort((a, b) => chosen.sortBy(b) - chosen.sortBy(a));
  return (
    <section className="flow-breakdown" aria-labelledby="flow-breakdown-title">
      <div className="section-heading">
        <h2 id="flow-breakdown-title">By flow</h2>
        <SelectField
          label="Show"
          value={metric}
          options={METRIC_OPTIONS}
          onChange={(next) => setMetric(next)}
        />
      </div>
      {sorted.length === 0 ? (
        <p className="muted">No flow ran in this period.</p>
      ) : (
        <HorizontalBarChart
          title={`${chosen.label} by flow`}
          description={`${chosen.label} of each flow over the period, largest first.`}
          labels={sorted.map((flow) => flow.flowId)}
          series={chosen.series(sorted)}
          formatValue={chosen.format}
          wholeNumbers={chosen.whole}
        />
      )}
    </section>
  );
}
