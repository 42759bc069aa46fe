import type { RunDetail } from '@flowgate/server/studio-contract';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { Alert } from '../ui/Alert.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { JsonView } from '../ui/JsonView.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { downloadJson } from './download-json.ts';
import { RunErrorPanel } from './RunErrorPanel.tsx';
import { RunSummaryList } from './RunSummaryList.tsx';
import { TraceWaterfall, traceRowId } from './TraceWaterfall.tsx';
import './logs.css';

const POLL_MS = 1500;

/** One run: its summary, the per-node trace on a timeline, its payload and result, and its error. */
export function RunPage() {
  const { project } = useProject();
  const { requestId = '' } = useParams();
  const base = `/projects/${encodeURIComponent(project.id)}`;
  const run = useApiGet<RunDetail>(`${base}/runs/${encodeURIComponent(requestId)}`);
  const failedNodeId = failingNode(run.data);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // The failing node opens by itself: that is what a person came to see.
  useEffect(() => {
    if (failedNodeId) setExpanded((current) => new Set([...current, failedNodeId]));
  }, [failedNodeId]);
  // A queued or running run (async, batch) is still being written: look again until it is done.
  const pending = run.data?.status === 'queued' || run.data?.status === 'running';
  const { reload, loading } = run;
  useEffect(() => {
    if (!pending || loading) return;
    const timer = window.setTimeout(() => void reload(), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [pending, loading, reload]);
  const toggle = useCallback((nodeId: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(nodeId)) next.add(nodeId);
      return next;
    });
  }, []);
  const showNode = useCallback((nodeId: string) => {
    setExpanded((current) => new Set([...current, nodeId]));
    const row = document.getElementById(traceRowId(nodeId));
    row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    row?.focus({ preventScroll: true });
  }, []);

  const back = <Link to={`${base}/logs`}>← Logs</Link>;
  if (run.error) {
    return (
      <div className="run-page">
        <PageHeader title="Run" eyebrow={back} />
        <Alert title="This run could not be loaded">{run.error}</Alert>
      </div>
    );
  }
  if (!run.data) return <Loading what="Loading the run…" />;
  const detail = run.data;
  return (
    <div className="run-page">
      <PageHeader
        title={`Run of ${detail.flowId}`}
        eyebrow={back}
        description={
          <span className="run-id">
            Request ID <code data-testid="request-id">{detail.requestId}</code>
          </span>
        }
        actions={
          <>
            <CopyButton value={detail.requestId} label="Copy request ID" />
            <button
              type="button"
              className="button secondary"
              onClick={() => downloadJson(`run-${detail.requestId}.json`, detail)}
            >
              Export JSON
            </button>
          </>
        }
      />
      <RunSummaryList run={detail} projectId={project.id} />
      {detail.error && (
        <RunErrorPanel
          error={detail.error}
          nodes={detail.nodes}
          failedNodeId={failedNodeId}
          onShowNode={showNode}
        />
      )}
      <section className="run-section" aria-labelledby="trace-title">
        <h2 id="trace-title">Trace</h2>
        {detail.nodes.length === 0 ? (
          <p className="muted">No node ran{detail.status === 'queued' ? ' yet: the run is queued' : ''}.</p>
        ) : (
          <TraceWaterfall
            nodes={detail.nodes}
            createdAt={detail.createdAt}
            durationMs={detail.durationMs}
            failedNodeId={failedNodeId}
            expanded={expanded}
            onToggle={toggle}
          />
        )}
      </section>
      <div className="run-io">
        <section className="run-section" aria-labelledby="payload-title">
          <h2 id="payload-title">Payload</h2>
          <JsonView value={detail.payload} label="Run payload" />
        </section>
        <section className="run-section" aria-labelledby="result-title">
          <h2 id="result-title">Result</h2>
          <JsonView value={detail.result} label="Run result" />
        </section>
      </div>
    </div>
  );
}

/** The node to blame: the one the error names, else the first node that failed. */
function failingNode(run: RunDetail | undefined): string | null {
  if (!run) return null;
  return run.error?.nodeId ?? run.nodes.find((node) => node.status === 'error')?.nodeId ?? null;
}
