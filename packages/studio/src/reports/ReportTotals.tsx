import type { ReportView } from '@flowgate/server/studio-contract';
import { formatCost, formatDuration, formatInteger, formatPercent } from '../logs/format.ts';

/** The period's headline figures, each a labelled number a person can read at a glance. */
export function ReportTotals({ totals }: { totals: ReportView['totals'] }) {
  const figures: { label: string; value: string; tone?: 'danger'; testId: string }[] = [
    { label: 'Requests', value: formatInteger(totals.requests), testId: 'total-requests' },
    {
      label: 'Errors',
      value: `${formatInteger(totals.errors)} (${formatPercent(totals.errorRate)})`,
      testId: 'total-errors',
      ...(totals.errors > 0 ? { tone: 'danger' as const } : {}),
    },
    { label: 'p50 latency', value: formatDuration(totals.p50Ms), testId: 'total-p50' },
    { label: 'p95 latency', value: formatDuration(totals.p95Ms), testId: 'total-p95' },
    { label: 'Tokens', value: formatInteger(totals.totalTokens), testId: 'total-tokens' },
    { label: 'Cost', value: formatCost(totals.costUsd), testId: 'total-cost' },
  ];
  return (
    <dl className="report-totals">
      {figures.map((figure) => (
        <div key={figure.label} className={figure.tone ? `report-total is-${figure.tone}` : 'report-total'}>
          <dt>{figure.label}</dt>
          <dd data-testid={figure.testId}>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}
