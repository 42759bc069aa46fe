import type { ReportView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { queryString } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { useFlowOptions } from '../logs/use-flow-options.ts';
import { Alert } from '../ui/Alert.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { FlowBreakdown } from './FlowBreakdown.tsx';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportControls } from './ReportControls.tsx';
import { ReportTotals } from './ReportTotals.tsx';
import { type ReportChoice, readReportChoice, reportQuery, writeReportChoice } from './report-range.ts';
import './reports.css';

/** Reports: how a project's flows did over a period, as charts; the choice lives in the URL to share it. */
export function ReportsPage() {
  const { project } = useProject();
  const [params, setParams] = useSearchParams();
  const choice = readReportChoice(params);
  // The period ends "now" as of the last choice or refresh, so the query (and the chart) holds still between.
  const [now, setNow] = useState(() => Date.now());
  const base = `/projects/${encodeURIComponent(project.id)}`;
  const report = useApiGet<ReportView>(`${base}/reports${queryString(reportQuery(choice, now))}`);
  const flows = useFlowOptions(project.id, [
    choice.flowId,
    ...(report.data?.flows.map((flow) => flow.flowId) ?? []),
  ]);

  function choose(next: ReportChoice) {
    setNow(Date.now());
    setParams(writeReportChoice(next), { replace: true });
  }

  return (
    <div className="reports-page">
      <PageHeader
        title="Reports"
        description="Requests, latency, errors, tokens and cost over time, for the whole project or one flow."
      />
      <ReportControls
        choice={choice}
        flows={flows}
        onChange={choose}
        onRefresh={() => setNow(Date.now())}
        loading={report.loading}
      />
      {report.error && <Alert title="The report could not be loaded">{report.error}</Alert>}
      {!report.data && !report.error && <Loading what="Loading the report…" />}
      {report.data && (
        <>
          <ReportTotals totals={report.data.totals} />
          {report.data.totals.requests === 0 && (
            <p className="muted report-empty">
              No runs in this period{choice.flowId ? ' for this flow' : ''}. Runs appear here as soon as an
              application calls a deployed flow; see <Link to={`${base}/logs`}>Logs</Link> for single runs.
            </p>
          )}
          <ReportCharts report={report.data} />
          <FlowBreakdown flows={report.data.flows} />
        </>
      )}
    </div>
  );
}
