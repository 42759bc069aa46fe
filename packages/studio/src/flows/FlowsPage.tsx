import type { FlowSummary } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { DeployOutcomeView } from '../deployments/DeployOutcomeView.tsx';
import { useDeploy } from '../deployments/use-deploy.ts';
import { Alert } from '../ui/Alert.tsx';
import { Badge } from '../ui/Badge.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatRelativeTime, formatTime } from '../ui/format-time.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { NewFlowDialog } from './NewFlowDialog.tsx';
import './flows.css';

function flowColumns(projectId: string): Column<FlowSummary>[] {
  const base = `/projects/${projectId}/flows`;
  return [
    {
      key: 'name',
      header: 'Name',
      cell: (flow) => (
        <Link to={`${base}/${encodeURIComponent(flow.id)}`} className="flow-name-link">
          {flow.name || flow.id}
        </Link>
      ),
    },
    { key: 'id', header: 'Flow ID', className: 'mono', cell: (flow) => flow.id },
    { key: 'trigger', header: 'Trigger', className: 'mono', cell: (flow) => flow.triggerKind ?? '—' },
    { key: 'nodes', header: 'Nodes', className: 'num', cell: (flow) => flow.nodeCount },
    { key: 'state', header: 'State', cell: (flow) => <FlowState flow={flow} /> },
    {
      key: 'updated',
      header: 'Updated',
      className: 'nowrap',
      cell: (flow) => <time title={formatTime(flow.updatedAt)}>{formatRelativeTime(flow.updatedAt)}</time>,
    },
    {
      key: 'links',
      header: 'Open',
      className: 'nowrap',
      cell: (flow) => (
        <span className="button-row">
          <Link
            className="button secondary small"
            to={`${base}/${encodeURIComponent(flow.id)}`}
            aria-label={`Edit ${flow.name || flow.id}`}
          >
            Edit
          </Link>
          <Link
            className="button secondary small"
            to={`${base}/${encodeURIComponent(flow.id)}/connect`}
            aria-label={`Connect ${flow.name || flow.id}`}
          >
            Connect
          </Link>
        </span>
      ),
    },
  ];
}

function FlowState({ flow }: { flow: FlowSummary }) {
  if (!flow.deployed) return <Badge tone="neutral">draft only</Badge>;
  if (flow.changedSinceDeploy) return <Badge tone="warn">changed since deploy</Badge>;
  return <Badge tone="ok">deployed</Badge>;
}

/** /projects/:projectId/flows — the project's flows, New flow, Import and Deploy. */
export function FlowsPage() {
  const { project, reload: reloadProject } = useProject();
  const flows = useApiGet<FlowSummary[]>(`/projects/${encodeURIComponent(project.id)}/flows`);
  const [dialog, setDialog] = useState<'new' | 'import' | null>(null);
  const { deploying, outcome, deploy, dismiss } = useDeploy(project.id);
  const list = flows.data ?? [];
  const pending = list.filter((flow) => !flow.deployed || flow.changedSinceDeploy).length;

  async function deployAll() {
    if (await deploy()) await Promise.all([flows.reload(), reloadProject()]);
  }

  return (
    <div className="flows-page">
      <PageHeader
        title="Flows"
        description={
          <>
            Drafts you edit here run in the API only once deployed.{' '}
            {project.activeDeployment !== null
              ? `Deployment #${project.activeDeployment} is live; ${
                  pending === 0
                    ? 'every flow runs as drafted.'
                    : `${pending} flow${pending === 1 ? ' differs' : 's differ'} from it (new or changed since).`
                }`
              : 'Nothing is deployed yet.'}
          </>
        }
        actions={
          <>
            <button type="button" className="button" onClick={() => setDialog('new')}>
              New flow
            </button>
            <button type="button" className="button secondary" onClick={() => setDialog('import')}>
              Import
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => void deployAll()}
              disabled={deploying || list.length === 0}
            >
              {deploying ? 'Deploying…' : 'Deploy all drafts'}
            </button>
          </>
        }
      />
      {outcome && <DeployOutcomeView outcome={outcome} onDismiss={dismiss} />}
      {flows.error && <Alert>{flows.error}</Alert>}
      {flows.loading && !flows.data ? (
        <p className="loading">Loading flows…</p>
      ) : (
        <DataTable
          caption="Flows"
          testId="flows-table"
          columns={flowColumns(project.id)}
          rows={list}
          rowKey={(flow) => flow.id}
          empty={
            <EmptyState
              title="No flows yet"
              action={
                <button type="button" className="button" onClick={() => setDialog('import')}>
                  Import a kit or flow
                </button>
              }
            >
              Start a new flow from an API trigger, or import a Lamatic kit (a .zip of its folder), flow JSON
              or Config YAML.
            </EmptyState>
          }
        />
      )}
      <NewFlowDialog projectId={project.id} open={dialog === 'new'} onClose={() => setDialog(null)} />
      <ImportDialog
        projectId={project.id}
        open={dialog === 'import'}
        onClose={() => setDialog(null)}
        onImported={() => void flows.reload()}
      />
    </div>
  );
}
