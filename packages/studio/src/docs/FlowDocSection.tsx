import type { ApiFieldDoc, ApiFlowDoc } from '@flowgate/server/studio-contract';
import { Link } from 'react-router';
import { useProject } from '../app/Layout.tsx';
import { curlSnippet } from '../connect/snippets.ts';
import { Badge } from '../ui/Badge.tsx';
import { CodeBlock } from '../ui/CodeBlock.tsx';
import { type Column, DataTable } from '../ui/DataTable.tsx';
import { Tabs } from '../ui/Tabs.tsx';
import { TryItForm } from './TryItForm.tsx';

const MODE_TEXT: Record<ApiFlowDoc['responseMode'], string> = {
  sync: 'Sync: the answer holds the result.',
  async: 'Async: the answer holds a requestId; poll checkStatus(requestId) for the result.',
  webhook: 'Webhook trigger: POST any JSON to its webhook URL; the answer is a requestId.',
  schedule: 'Scheduled: runs on its schedule; it can also be called like a sync flow.',
};

const FIELD_COLUMNS: Column<ApiFieldDoc>[] = [
  { key: 'name', header: 'Field', className: 'mono', cell: (field) => field.name },
  { key: 'type', header: 'Type', className: 'mono', cell: (field) => field.type },
  {
    key: 'required',
    header: 'Required',
    cell: (field) => (field.required ? <Badge tone="info">required</Badge> : <Badge>optional</Badge>),
  },
  { key: 'description', header: 'Description', cell: (field) => field.description ?? '—' },
];

/** One deployed flow's reference: inputs, outputs, mode, a runnable example and a Try-it form. */
export function FlowDocSection({ flow, endpoint }: { flow: ApiFlowDoc; endpoint: string }) {
  const { project } = useProject();
  const payload = flow.exampleBody.variables.payload;
  const target = {
    endpoint,
    projectId: project.id,
    flowId: flow.flowId,
    payload: isRecord(payload) ? payload : {},
  };
  const headingId = `flow-${flow.flowId}-title`;
  return (
    <section className="panel" id={`flow-${flow.flowId}`} aria-labelledby={headingId}>
      <div className="panel-title">
        <h2 id={headingId}>{flow.name}</h2>
        <Badge tone={flow.responseMode === 'async' ? 'info' : 'ok'}>{flow.responseMode}</Badge>
      </div>
      <p className="muted">
        Flow ID <code>{flow.flowId}</code> · {MODE_TEXT[flow.responseMode]}{' '}
        <Link to={`/projects/${project.id}/flows/${encodeURIComponent(flow.flowId)}/connect`}>
          Connect panel
        </Link>
      </p>
      {flow.description ? <p>{flow.description}</p> : null}
      <h3>Input (payload)</h3>
      <DataTable
        caption={`${flow.name} input fields`}
        columns={FIELD_COLUMNS}
        rows={flow.input}
        rowKey={(field) => field.name}
        empty={<p className="muted">No declared inputs: any JSON object is accepted.</p>}
      />
      <h3 className="section-gap">Output (result)</h3>
      <DataTable
        caption={`${flow.name} output fields`}
        columns={FIELD_COLUMNS}
        rows={flow.output}
        rowKey={(field) => field.name}
        empty={<p className="muted">The response node maps no fields.</p>}
      />
      <h3 className="section-gap">Example request</h3>
      <Tabs
        label={`${flow.name} example request`}
        tabs={[
          {
            id: 'curl',
            label: 'cURL',
            content: <CodeBlock code={curlSnippet(target)} label={`${flow.name} curl request`} />,
          },
          {
            id: 'body',
            label: 'GraphQL body',
            content: (
              <CodeBlock
                code={JSON.stringify(flow.exampleBody, null, 2)}
                label={`${flow.name} GraphQL body`}
              />
            ),
          },
          {
            id: 'try',
            label: 'Try it',
            content: (
              <TryItForm
                endpoint={endpoint}
                projectId={project.id}
                flowId={flow.flowId}
                payload={target.payload}
              />
            ),
          },
        ]}
      />
    </section>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
