import { Handle, type NodeProps, Position } from '@xyflow/react';
import { useContext } from 'react';
import type { FlowCanvasNode } from './flow-graph.ts';
import { nodeName } from './flow-graph.ts';
import { FlowDirectionContext, kindIcon, useNodeKind } from './node-kinds-context.ts';

const STATUS_TEXT = { success: 'ran', error: 'failed', skipped: 'skipped' } as const;

/** One node on the canvas: kind icon and label, name, node id, last test-run status and problem marker. */
export function FlowNodeCard({ data, selected }: NodeProps<FlowCanvasNode>) {
  const kindName = data.json.data.nodeId;
  const kind = useNodeKind(kindName);
  const isTrigger = data.json.data.trigger === true || kind?.category === 'trigger';
  const isResponse = kind?.category === 'response';
  const errors = data.problems.filter((problem) => problem.severity === 'error');
  const problemText = data.problems.map((problem) => problem.message).join('\n');
  const status = data.trace?.status;
  const vertical = useContext(FlowDirectionContext) === 'TB';
  return (
    <div
      className={`flow-node${selected ? ' selected' : ''}${kind ? '' : ' unknown-kind'}`}
      data-node-id={data.json.id}
      data-status={status ?? 'none'}
    >
      {!isTrigger && (
        <Handle type="target" position={vertical ? Position.Top : Position.Left} aria-label="Input" />
      )}
      <div className="flow-node-head">
        <span className="flow-node-icon" aria-hidden="true">
          {kindIcon(kind)}
        </span>
        <span className="flow-node-kind">{kind?.label ?? `Unknown kind ${kindName}`}</span>
        {status && (
          <span
            className={`flow-node-status status-${status}`}
            title={`Last test run: ${STATUS_TEXT[status]}. Output: ${preview(data.trace?.output)}`}
          >
            {STATUS_TEXT[status]}
          </span>
        )}
      </div>
      <div className="flow-node-name">{nodeName(data.json)}</div>
      <div className="flow-node-foot">
        <code className="flow-node-id">{data.json.id}</code>
        {data.problems.length > 0 && (
          <span
            className={`flow-node-problems ${errors.length > 0 ? 'has-errors' : 'has-warnings'}`}
            title={problemText}
            role="img"
            aria-label={`${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}: ${problemText}`}
          >
            ⚠ {data.problems.length}
          </span>
        )}
      </div>
      {!isResponse && (
        <Handle type="source" position={vertical ? Position.Bottom : Position.Right} aria-label="Output" />
      )}
    </div>
  );
}

/** The start of a node's output, for the status badge's tooltip; the panel shows it whole. */
function preview(output: unknown): string {
  const text = output === undefined ? 'none' : JSON.stringify(output);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
