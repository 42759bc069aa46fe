import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { Alert } from '../ui/Alert.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { ExportLinks } from './ExportLinks.tsx';
import { RunActivity } from './RunActivity.tsx';
import { RunFiltersBar } from './RunFiltersBar.tsx';
import { RunsTable } from './RunsTable.tsx';
import {
  hasFilters,
  NO_FILTERS,
  type RunFilters,
  rangeProblem,
  readRunFilters,
  runQuery,
  writeRunFilters,
} from './run-filters.ts';
import { useFlowOptions } from './use-flow-options.ts';
import { useRunPages } from './use-run-pages.ts';
import './logs.css';

/** Logs: every run of the project, filtered and searched through the URL, newest first, a page at a time. */
export function LogsPage() {
  const { project } = useProject();
  const [params, setParams] = useSearchParams();
  const paramsText = params.toString();
  const filters = useMemo(() => readRunFilters(new URLSearchParams(paramsText)), [paramsText]);
  // Presets end "now" as of the last filter change or refresh, so the query holds still in between.
  const [now, setNow] = useState(() => Date.now());
  const problem = rangeProblem(filters);
  const query = useMemo(() => runQuery(filters, now), [filters, now]);
  const pages = useRunPages(project.id, problem ? null : query);
  const flows = useFlowOptions(project.id, [filters.flowId, ...pages.runs.map((run) => run.flowId)]);
  const base = `/projects/${encodeURIComponent(project.id)}`;

  const change = useCallback(
    (next: RunFilters) => {
      setNow(Date.now());
      setParams(writeRunFilters(next), { replace: true });
    },
    [setParams],
  );

  return (
    <div className="logs-page">
      <PageHeader
        title="Logs"
        description="Every run of this project's flows: what came in, what went out, how long it took and what it cost."
        actions={
          <>
            <button type="button" className="button secondary" onClick={() => setNow(Date.now())}>
              Refresh
            </button>
            <ExportLinks projectId={project.id} query={query} />
          </>
        }
      />
      <RunFiltersBar filters={filters} flows={flows} onChange={change} rangeProblem={problem} />
      {pages.error && <Alert title="The runs could not be loaded">{pages.error}</Alert>}
      <RunActivity runs={pages.runs} from={query.from ?? null} to={query.to ?? now} />
      {pages.runs.length > 0 && <RunsTable projectId={project.id} runs={pages.runs} />}
      {pages.runs.length === 0 && pages.loading && <Loading what="Loading runs…" />}
      {pages.runs.length === 0 && !pages.loading && !pages.error && !problem && (
        <NoRuns
          filtered={hasFilters(filters)}
          onClear={() => change(NO_FILTERS)}
          flowsPath={`${base}/flows`}
        />
      )}
      <div className="logs-footer">
        <p className="muted" role="status">
          {pages.runs.length > 0 ? `${pages.runs.length} run${pages.runs.length === 1 ? '' : 's'} shown` : ''}
          {pages.runs.length > 0 && !pages.hasMore ? ' — that is all.' : ''}
        </p>
        {pages.hasMore && (
          <button
            type="button"
            className="button secondary"
            onClick={pages.loadMore}
            disabled={pages.loading}
          >
            {pages.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}

function NoRuns({ filtered, onClear, flowsPath }: { filtered: boolean; onClear(): void; flowsPath: string }) {
  if (filtered)
    return (
      <EmptyState
        title="No runs match these filters"
        action={
          <button type="button" className="button secondary" onClick={onClear}>
            Clear filters
          </button>
        }
      >
        Try another period or status, or a shorter search word.
      </EmptyState>
    );
  return (
    <EmptyState title="No runs yet" action={<Link to={flowsPath}>Go to Flows</Link>}>
      A run is recorded each time an application calls a deployed flow with one of this project's API keys,
      and each time you test-run a flow in the editor. Deploy a flow, then use its Connect panel for a request
      to paste.
    </EmptyState>
  );
}
