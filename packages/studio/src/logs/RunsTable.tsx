import type { RunSummary } from '@flowgate/server/studio-contract';
import { Link } from 'react-router';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { formatCost, formatDateTime, formatDuration, formatTokens } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';

/**
 * The runs, newest first. Each row's time is a real link to the run (so Enter, middle-click and "open in new
 * tab" work); the link's hit area stretches over the whole row.
 */
export function RunsTable({ projectId, runs }: { projectId: string; runs: readonly RunSummary[] }) {
  const columns: Column<RunSummary>[] = [
    {
      key: 'time',
      header: 'Time',
      className: 'nowrap',
      cell: (run) => (
        <Link
          className="run-link"
          to={`/projects/${encodeURIComponent(projectId)}/logs/${encodeURIComponent(run.requestId)}`}
          aria-label={`${run.flowId} run ${run.status} at ${formatDateTime(run.createdAt)}`}
        >
          {formatDateTime(run.createdAt)}
        </Link>
      ),
    },
    { key: 'flow', header: 'Flow', cell: (run) => <span className="mono">{run.flowId}</span> },
    { key: 'status', header: 'Status', cell: (run) => <StatusBadge status={run.status} /> },
    { key: 'mode', header: 'Mode', cell: (run) => run.mode },
    { key: 'duration', header: 'Duration', className: 'num', cell: (run) => formatDuration(run.durationMs) },
    { key: 'tokens', header: 'Tokens', className: 'num', cell: (run) => formatTokens(run.totalTokens) },
    { key: 'cost', header: 'Cost', className: 'num', cell: (run) => formatCost(run.costUsd) },
    { key: 'key', header: 'Key', cell: (run) => run.apiKeyName ?? <span className="muted">—</span> },
  ];
  return (
    <div className="runs-table">
      <DataTable
        caption="Runs, newest first"
        columns={columns}
        rows={runs}
        rowKey={(run) => run.requestId}
        testId="runs-table"
      />
    </div>
  );
}
