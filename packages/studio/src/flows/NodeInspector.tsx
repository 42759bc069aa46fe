import type { NodeFieldView } from '@flowgate/server/studio-contract';
import { JsonView } from '../ui/JsonView.tsx';
import { AdvancedValuesEditor } from './AdvancedValuesEditor.tsx';
import type { FlowCanvasNode } from './flow-graph.ts';
import { NodeFieldInput } from './NodeFieldInput.tsx';
import { kindIcon, useNodeKind } from './node-kinds-context.ts';

interface Props {
  node: FlowCanvasNode;
  onValues(nodeId: string, values: Record<string, unknown>): void;
  onDelete(): void;
}

const NAME_FIELD: NodeFieldView = { name: 'nodeName', label: 'Name', type: 'string', required: false };

/** The form of the selected node: its kind's fields, the raw values, and its last test-run trace. */
export function NodeInspector({ node, onValues, onDelete }: Props) {
  const json = node.data.json;
  const kind = useNodeKind(json.data.nodeId);
  const values = json.data.values;
  const fields = [NAME_FIELD, ...(kind?.fields ?? []).filter((field) => field.name !== 'nodeName')];
  const set = (name: string, value: unknown) => onValues(json.id, { ...values, [name]: value });
  const trace = node.data.trace;
  return (
    <section className="inspector" aria-labelledby="inspector-title">
      <header className="inspector-head">
        <h2 id="inspector-title">
          <span aria-hidden="true">{kindIcon(kind)} </span>
          {kind?.label ?? json.data.nodeId}
        </h2>
        <code>{json.id}</code>
      </header>
      {kind ? (
        <p className="muted">{kind.description}</p>
      ) : (
        <p className="field-error">
          The server does not know the node kind “{json.data.nodeId}”: deploying will fail until it is
          replaced. Its values are still editable as JSON below.
        </p>
      )}
      {node.data.problems.length > 0 && (
        <ul className="inspector-problems">
          {node.data.problems.map((problem) => (
            <li
              key={`${problem.code}-${problem.field ?? ''}-${problem.message}`}
              className={`problem-${problem.severity}`}
            >
              {problem.field && <strong>{problem.field}: </strong>}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <form className="inspector-form" onSubmit={(event) => event.preventDefault()}>
        {fields.map((field) => (
          <NodeFieldInput
            key={`${json.id}-${field.name}`}
            field={field}
            value={values[field.name]}
            onChange={(value) => set(field.name, value)}
          />
        ))}
      </form>
      <AdvancedValuesEditor values={values} onApply={(next) => onValues(json.id, next)} />
      {trace && (
        <section className="trace" aria-label="Last test run of this node">
          <h3>
            Last test run: <span className={`status-${trace.status}`}>{trace.status}</span>
            {trace.durationMs !== null && <span className="muted"> · {trace.durationMs} ms</span>}
          </h3>
          {trace.error !== null && trace.error !== undefined && (
            <JsonView label="Error" value={trace.error} />
          )}
          <JsonView label="Output" value={trace.output} />
          <JsonView label="Input" value={trace.input} />
        </section>
      )}
      <button type="button" className="button danger" onClick={onDelete}>
        Delete node
      </button>
    </section>
  );
}
