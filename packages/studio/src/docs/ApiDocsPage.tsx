import type { ApiDocsView } from '@flowgate/server/studio-contract';
import { Link } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { FlowDocSection } from './FlowDocSection.tsx';

/** The project's API reference, generated from what is deployed now. */
export function ApiDocsPage() {
  const { project } = useProject();
  const base = `/projects/${project.id}`;
  const docs = useApiGet<ApiDocsView>(`${base}/api-docs`);

  return (
    <>
      <PageHeader
        title="API Docs"
        description={
          docs.data?.deploymentNumber
            ? `Generated from deployment #${docs.data.deploymentNumber}: what your app can call right now.`
            : 'Generated from the active deployment: what your app can call right now.'
        }
      />
      <Loaded resource={docs} what="The API docs">
        {(view) => (
          <>
            <section className="panel" aria-labelledby="basics-title">
              <h2 id="basics-title">Calling this project</h2>
              <p>
                Send <code>POST</code> requests with a JSON GraphQL body to the Project URL, with the headers{' '}
                <code>Authorization: Bearer YOUR_API_KEY</code> (
                <Link to={`${base}/settings/api-keys`}>API Keys</Link>
                ), <code>Content-Type: application/json</code> and <code>x-project-id</code>. Errors come back
                as <code>{'{"errors":[{"message","extensions":{"code"}}]}'}</code>: 401 for a missing,
                unknown, revoked or expired key, 404 for an unknown flow, 400 for a payload that does not
                match the inputs.
              </p>
              <div className="form-grid">
                <CopyField label="Project URL" value={view.endpoint} />
                <CopyField label="Project ID" value={view.projectId} />
              </div>
            </section>
            {view.flows.length === 0 ? (
              <div className="section-gap">
                <EmptyState
                  title="Nothing is deployed yet"
                  action={
                    <Link className="button" to={`${base}/flows`}>
                      Go to the flows
                    </Link>
                  }
                >
                  Deploy a flow and its inputs, outputs and an example request appear here.
                </EmptyState>
              </div>
            ) : (
              <>
                <nav className="panel" aria-label="Flows in these docs">
                  <h2>Flows</h2>
                  <ul className="toc">
                    {view.flows.map((flow) => (
                      <li key={flow.flowId}>
                        <a href={`#flow-${flow.flowId}`}>{flow.name}</a>{' '}
                        <code className="muted">{flow.flowId}</code>
                      </li>
                    ))}
                  </ul>
                </nav>
                {view.flows.map((flow) => (
                  <FlowDocSection
                    key={flow.flowId}
                    flow={flow}
                    endpoint={view.endpoint ?? project.endpoint}
                  />
                ))}
              </>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
