import type { ProjectSettings, ProjectView } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { Badge } from '../ui/Badge.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { describeError } from '../ui/describe-error.ts';
import { formatTime } from '../ui/format-time.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { Switch } from '../ui/Switch.tsx';
import { useToast } from '../ui/Toast.tsx';

const QUICK_LINKS: { to: string; label: string; hint: string }[] = [
  { to: 'settings/api-keys', label: 'API Keys', hint: 'Create a key for your app' },
  { to: 'flows', label: 'Flows', hint: 'Import, edit and test flows' },
  { to: 'deployments', label: 'Deployments', hint: 'Deploy and roll back' },
  { to: 'api-docs', label: 'API Docs', hint: 'Inputs, outputs, examples' },
  { to: 'logs', label: 'Logs', hint: 'Every run and its trace' },
  { to: 'reports', label: 'Reports', hint: 'Requests, latency, cost' },
];

/** The project dashboard: Project ID and Project URL to copy, the active deployment, links and settings. */
export function ProjectOverviewPage() {
  const { project } = useProject();
  const base = `/projects/${project.id}`;
  return (
    <>
      <PageHeader
        title={project.name}
        description={`Created ${formatTime(project.createdAt)}. Your app calls this project's GraphQL endpoint with an API key.`}
      />
      <div className="grid-2">
        <section className="panel" aria-labelledby="connect-title">
          <div className="panel-title">
            <h2 id="connect-title">Connect to this project</h2>
          </div>
          <div className="form">
            <CopyField
              label="Project ID"
              value={project.id}
              testId="project-id"
              hint="Send it as the x-project-id header."
            />
            <CopyField
              label="Project URL"
              value={project.endpoint}
              testId="project-url"
              hint="Your GraphQL endpoint: POST the executeWorkflow query here."
            />
          </div>
        </section>
        <section className="panel" aria-labelledby="deployment-title">
          <div className="panel-title">
            <h2 id="deployment-title">Active deployment</h2>
            {project.activeDeployment === null ? <Badge>None</Badge> : <Badge tone="ok">Live</Badge>}
          </div>
          {project.activeDeployment === null ? (
            <p>
              Nothing is deployed yet: requests to the endpoint answer 404 until you{' '}
              <Link to={`${base}/flows`}>deploy a flow</Link>.
            </p>
          ) : (
            <div className="stat">
              <span className="stat-value">#{project.activeDeployment}</span>
              <span className="stat-label">
                serves every request. <Link to={`${base}/deployments`}>See the deployments</Link>
              </span>
            </div>
          )}
          <h3 className="section-gap">First steps</h3>
          <ol className="steps">
            <li>
              <Link to={`${base}/settings/api-keys`}>Create an API key</Link> and copy it (you see it once).
            </li>
            <li>
              <Link to={`${base}/flows`}>Import or build a flow</Link> and deploy it.
            </li>
            <li>
              Open the flow's <strong>Connect</strong> panel or the{' '}
              <Link to={`${base}/api-docs`}>API Docs</Link> for a request to paste.
            </li>
          </ol>
        </section>
      </div>
      <section className="panel" aria-labelledby="links-title">
        <h2 id="links-title">Go to</h2>
        <ul className="quick-links">
          {QUICK_LINKS.map((link) => (
            <li key={link.to}>
              <Link to={`${base}/${link.to}`}>
                {link.label}
                <span className="quick-hint">{link.hint}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <SettingsPanel />
    </>
  );
}

function SettingsPanel() {
  const { project, reload } = useProject();
  const toast = useToast();
  const [smartRetries, setSmartRetries] = useState(project.settings.smartRetries);
  const [busy, setBusy] = useState(false);

  async function change(next: boolean) {
    setSmartRetries(next);
    setBusy(true);
    try {
      const settings: ProjectSettings = { ...project.settings, smartRetries: next };
      const saved = await api<ProjectView>('PUT', `/projects/${project.id}/settings`, settings);
      setSmartRetries(saved.settings.smartRetries);
      await reload();
      toast.show(next ? 'Smart retries are on.' : 'Smart retries are off.');
    } catch (cause) {
      setSmartRetries(!next);
      toast.show(`The setting was not saved: ${describeError(cause)}`, 'danger');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <Switch
        label="Smart retries"
        checked={smartRetries}
        disabled={busy}
        onChange={(next) => void change(next)}
        hint="Retry a node whose failure is transient (a rate limit, a timeout, a 5xx from a model provider) with backoff, before failing the run."
      />
    </section>
  );
}
