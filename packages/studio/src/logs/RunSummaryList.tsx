import type { RunDetail } from '@flowgate/server/studio-contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatCost, formatDateTime, formatDuration, formatTokens } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** The run at a glance: status, flow, deployment, mode, times, duration, tokens, cost and key. */
export function RunSummaryList({ run, projectId }: { run: RunDetail; projectId: string }) {
  const base = `/projects/${encodeURIComponent(projectId)}`;
  const finished = run.durationMs === null ? null : run.createdAt + run.durationMs;
  const facts: { label: string; value: ReactNode; testId?: string }[] = [
    { label: 'Status', value: <StatusBadge status={run.status} />, testId: 'run-status' },
    {
      label: 'Flow',
      value: (
        <Link className="mono" to={`${base}/flows/${encodeURIComponent(run.flowId)}`}>
          {run.flowId}
        </Link>
      ),
    },
    { label: 'Deployment', value: <Link to={`${base}/deployments`}>#{run.deploymentNumber}</Link> },
    { label: 'Mode', value: run.mode },
    { label: 'Started', value: formatDateTime(run.createdAt) },
    { label: 'Finished', value: finished === null ? '—' : formatDateTime(finished) },
    { label: 'Duration', value: formatDuration(run.durationMs), testId: 'run-duration' },
    { label: 'Tokens', value: formatTokens(run.totalTokens) },
    { label: 'Cost', value: formatCost(run.costUsd) },
    { label: 'API key', value: run.apiKeyName ?? '—' },
  ];
  return (
    <dl className="run-summary panel">
      {facts.map((fact) => (
        <div key={fact.label}>
          <dt>{fact.label}</dt>
          <dd data-testid={fact.testId}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
