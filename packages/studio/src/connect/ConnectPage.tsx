import type { ApiDocsView, FlowDraftView } from '@flowgate/server/studio-contract';
import { Link, useParams } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { Alert } from '../ui/Alert.tsx';
import { Badge } from '../ui/Badge.tsx';
import { CopyField } from '../ui/CopyField.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { useApiGet } from '../ui/use-api-get.ts';
import { draftInputFields, examplePayload, type InputField } from './example-payload.ts';
import { SnippetTabs } from './SnippetTabs.tsx';

/** Everything an app needs to call one flow: its ids, the endpoint, and requests to paste. */
export function ConnectPage() {
  const { project } = useProject();
  const { flowId = '' } = useParams();
  const base = `/projects/${project.id}`;
  const draft = useApiGet<FlowDraftView>(`${base}/flows/${encodeURIComponent(flowId)}`);
  const docs = useApiGet<ApiDocsView>(`${base}/api-docs`);
  const deployed = docs.data?.flows.find((flow) => flow.flowId === flowId);

  if ((draft.loading && !draft.data) || (docs.loading && !docs.data)) return <Loading />;
  if (!draft.data && !deployed) {
    return (
      <>
        <PageHeader title="Connect" eyebrow={<Link to={`${base}/flows`}>← Flows</Link>} />
        <Alert title={`No flow “${flowId}” in this project`}>
          {draft.error ?? 'Pick a flow from the Flows page.'} <Link to={`${base}/flows`}>See the flows</Link>
        </Alert>
      </>
    );
  }
  const name = deployed?.name ?? draft.data?.summary.name ?? flowId;
  // What clients can call now is the deployed flow; a draft's fields stand in until it is deployed.
  const fields: InputField[] = deployed
    ? deployed.input.map((field) => ({ name: field.name, type: field.type, required: field.required }))
    : draft.data
      ? draftInputFields(draft.data.definition)
      : [];
  const payload = deployed?.exampleBody.variables.payload;
  const target = {
    endpoint: project.endpoint,
    projectId: project.id,
    flowId,
    payload: isRecord(payload) ? payload : examplePayload(fields),
  };

  return (
    <>
      <PageHeader
        title={`Connect “${name}”`}
        eyebrow={<Link to={`${base}/flows`}>← Flows</Link>}
        description="Call this flow from your app: the ids, the endpoint, and a request to paste in your language."
        actions={
          <Link className="button secondary" to={`${base}/flows/${encodeURIComponent(flowId)}`}>
            Open in the editor
          </Link>
        }
      />
      {deployed ? null : (
        <Alert tone="warn" title="This flow is not deployed">
          Requests for it answer 404 WORKFLOW_NOT_FOUND until you{' '}
          <Link to={`${base}/deployments`}>deploy it</Link>. The snippets below use its draft's inputs.
        </Alert>
      )}
      {draft.data?.summary.changedSinceDeploy && deployed ? (
        <Alert tone="info">
          The draft changed since the last deploy: the API still runs the deployed version.
        </Alert>
      ) : null}
      <section className="panel" aria-labelledby="ids-title">
        <div className="panel-title">
          <h2 id="ids-title">Ids and endpoint</h2>
          {deployed ? <Badge tone="ok">Deployed · {deployed.responseMode}</Badge> : <Badge>Draft only</Badge>}
        </div>
        <div className="form-grid">
          <CopyField label="Flow ID" value={flowId} testId="flow-id" hint="The workflowId variable." />
          <CopyField
            label="Project ID"
            value={project.id}
            testId="project-id"
            hint="The x-project-id header."
          />
        </div>
        <div className="section-gap">
          <CopyField
            label="Project URL"
            value={project.endpoint}
            testId="project-url"
            hint="POST the GraphQL request here."
          />
        </div>
      </section>
      <section className="panel" aria-labelledby="snippets-title">
        <h2 id="snippets-title">Request</h2>
        <p className="muted">
          Replace <code>YOUR_API_KEY</code> with a key from{' '}
          <Link to={`${base}/settings/api-keys`}>Settings → API Keys</Link>, and the example payload with your
          data.
        </p>
        <SnippetTabs target={target} fields={fields} />
      </section>
      <section className="panel" aria-labelledby="inputs-title">
        <h2 id="inputs-title">Payload fields</h2>
        {fields.length === 0 ? (
          <p className="muted flush">
            This flow declares no input fields: send an empty payload or any JSON object.
          </p>
        ) : (
          <ul className="field-list">
            {fields.map((field) => (
              <li key={field.name}>
                <code>{field.name}</code> <span className="muted">{field.type}</span>{' '}
                {field.required ? <Badge tone="info">required</Badge> : <Badge>optional</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
