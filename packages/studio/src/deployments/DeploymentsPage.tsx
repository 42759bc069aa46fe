import type { DeploymentView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { Alert } from '../ui/Alert.tsx';
import { Badge } from '../ui/Badge.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { formatRelativeTime, formatTime } from '../ui/format-time.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { deploymentApi } from './deployment-api.ts';
import './deployments.css';

/** /projects/:projectId/deployments — every deployment as a timeline, newest first; roll back to any. */
export function DeploymentsPage() {
  const { project, reload: reloadProject } = useProject();
  const deployments = useApiGet<DeploymentView[]>(`/projects/${encodeURIComponent(project.id)}/deployments`);
  const [target, setTarget] = useState<DeploymentView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = deployments.data ?? [];

  async function rollback(deployment: DeploymentView) {
    const active = await deploymentApi.rollback(project.id, deployment.number);
    setNotice(`Deployment #${active.number} is live again: the API now runs its flows.`);
    await Promise.all([deployments.reload(), reloadProject()]);
  }

  return (
    <div className="deployments-page">
      <PageHeader
        title="Deployments"
        description="Each deploy snapshots every flow of the project. The API runs the active one; roll back to make an older one active again."
        actions={
          <Link className="button secondary" to={`/projects/${project.id}/flows`}>
            Go to flows to deploy
          </Link>
        }
      />
      {notice && <Alert tone="ok">{notice}</Alert>}
      {deployments.error && <Alert>{deployments.error}</Alert>}
      {deployments.loading && !deployments.data ? (
        <p className="loading">Loading deployments…</p>
      ) : list.length === 0 ? (
        <EmptyState
          title="Nothing deployed yet"
          action={
            <Link className="button" to={`/projects/${project.id}/flows`}>
              Open flows
            </Link>
          }
        >
          Deploy from the Flows page or a flow's editor; each deploy appears here with its number.
        </EmptyState>
      ) : (
        <ol className="deploy-timeline" aria-label="Deployments, newest first">
          {list.map((deployment) => (
            <li
              key={deployment.number}
              className={deployment.active ? 'active' : undefined}
              data-number={deployment.number}
            >
              <span className="deploy-marker" aria-hidden="true" />
              <div className="deploy-card">
                <div className="deploy-card-head">
                  <strong>#{deployment.number}</strong>
                  {deployment.active && <Badge tone="ok">active</Badge>}
                  <time
                    className="muted"
                    dateTime={new Date(deployment.createdAt).toISOString()}
                    title={formatTime(deployment.createdAt)}
                  >
                    {formatRelativeTime(deployment.createdAt)} · {formatTime(deployment.createdAt)}
                  </time>
                </div>
                <p className="deploy-flows">
                  {deployment.flows.length} flow{deployment.flows.length === 1 ? '' : 's'}:{' '}
                  {deployment.flows.map((flow, index) => (
                    <span key={flow.id}>
                      {index > 0 && ', '}
                      <Link to={`/projects/${project.id}/flows/${encodeURIComponent(flow.id)}`}>
                        {flow.name || flow.id}
                      </Link>
                    </span>
                  ))}
                </p>
                {!deployment.active && (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setTarget(deployment)}
                  >
                    Roll back to #{deployment.number}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <ConfirmDialog
        open={target !== null}
        title={`Roll back to deployment #${target?.number ?? ''}?`}
        confirmLabel="Roll back"
        tone="primary"
        onConfirm={() => (target ? rollback(target) : Promise.resolve())}
        onClose={() => setTarget(null)}
      >
        <p>
          The API will run the flows of deployment #{target?.number} ({target?.flows.length ?? 0} flows) from
          the next request. Drafts are not changed, and you can roll forward again from this page.
        </p>
      </ConfirmDialog>
    </div>
  );
}
