import type { RunSummary } from '@flowgate/server/studio-contract';
import { CHART_COLORS } from '../reports/charts/chart-types.ts';
import { TimeSeriesChart } from '../reports/charts/TimeSeriesChart.tsx';
import { formatInteger } from './format.ts';
import { binRuns } from './run-histogram.ts';

const BINS = 30;
const HOUR = 3_600_000;
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

interface RunActivityProps {
  runs: readonly RunSummary[];
  /** The period of the filters; without a start it begins at the oldest loaded run (at least an hour back). */
  from: number | null;
  to: number;
}

/** A small histogram of the loaded runs over the period: where the traffic and the failures are. */
export function RunActivity({ runs, from, to }: RunActivityProps) {
  if (runs.length === 0) return null;
  const times = runs.map((run) => run.createdAt);
  const end = Math.max(to, ...times);
  const bins = binRuns(runs, BINS, from ?? Math.min(end - HOUR, ...times), end);
  const span = bins.size * BINS;
  const label = (start: number) => (span <= 2 * 86_400_000 ? TIME.format(start) : DATE.format(start));
  const failed = bins.failed.reduce((sum, value) => sum + value, 0);
  return (
    <TimeSeriesChart
      title="Loaded runs over time"
      description={`${runs.length} loaded runs in ${BINS} equal slices of the period, ${failed} of them failed.`}
      kind="bar"
      height={120}
      categories={bins.starts.map(label)}
      series={[
        { label: 'Succeeded', color: CHART_COLORS.primary, values: bins.succeeded },
        { label: 'Failed', color: CHART_COLORS.danger, values: bins.failed },
      ]}
      formatValue={formatInteger}
      wholeNumbers
    />
  );
}
