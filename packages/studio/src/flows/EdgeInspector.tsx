import type { FlowEdgeJson, FlowNodeJson } from '@flowgate/server/studio-contract';
import { useId } from 'react';
import { conditionLabels, type FlowCanvasEdge } from './flow-graph.ts';

interface Props {
  edge: FlowCanvasEdge;
  source: FlowNodeJson | undefined;
  onChange(edgeId: string, json: FlowEdgeJson): void;
  onDelete(): void;
}

/** The selected connection: its kind, and for a condition's edge, which branch it follows. */
export function EdgeInspector({ edge, source, onChange, onDelete }: Props) {
  const id = useId();
  const json = edge.data?.json ?? { source: edge.source, target: edge.target };
  const isCondition = json.type === 'conditionEdge' && source !== undefined;
  const branch = typeof json.data?.condition === 'string' ? json.data.condition : '';
  return (
    <section className="inspector" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Connection</h2>
      <p>
        <code>{json.source}</code> → <code>{json.target}</code>
      </p>
      <p className="muted">Kind: {json.type ?? 'defaultEdge'}</p>
      {isCondition && (
        <div className="field">
          <label htmlFor={`${id}-branch`}>Branch</label>
          <select
            className="input"
            id={`${id}-branch`}
            value={branch}
            onChange={(event) =>
              onChange(edge.id, {
                ...json,
                data: { ...(json.data ?? {}), condition: event.target.value, branchName: event.target.value },
              })
            }
          >
            {conditionLabels(source).map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="button danger" onClick={onDelete}>
        Delete connection
      </button>
    </section>
  );
}
