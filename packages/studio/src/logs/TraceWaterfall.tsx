import type { NodeTraceView } from '@flowgate/server/studio-contract';
import { niceStep } from '../reports/charts/scale.ts';
import { JsonView } from '../ui/JsonView.tsx';
import { formatCost, formatDuration, formatTokens } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { layoutTrace, type TraceBar } from './trace-layout.ts';

interface TraceWaterfallProps {
  nodes: readonly NodeTraceView[];
  createdAt: number;
  durationMs: number | null;
  /** The node the run's error names: highlighted. */
  failedNodeId: string | null;
  expanded: ReadonlySet<string>;
  onToggle(nodeId: string): void;
}

/**
 * The run's nodes on one timeline, in the order they ran: each bar starts when its node started and is as long
 * as it took, so the slow step and the parallel branches show at a glance. Each row opens to the node's input,
 * output and error.
 */
export function TraceWaterfall(props: TraceWaterfallProps) {
  const layout = layoutTrace(props.nodes, props.createdAt, props.durationMs);
  const step = niceStep(layout.totalMs, 4);
  const ticks: number[] = [];
  for (let tick = 0; tick <= layout.totalMs; tick += step) ticks.push(tick);
  return (
    <div className="trace panel">
      <div className="trace-axis" aria-hidden="true">
        <span className="trace-axis-label">Node</span>
        <span className="trace-axis-track">
          {ticks.map((tick) => (
            <span key={tick} className="trace-tick" style={{ left: `${(tick / layout.totalMs) * 100}%` }}>
              {formatDuration(tick)}
            </span>
          ))}
        </span>
      </div>
      <ol className="trace-rows" aria-label="Nodes in the order they ran">
        {layout.bars.map((bar) => (
          <TraceRow
            key={bar.node.nodeId}
            bar={bar}
            failed={bar.node.nodeId === props.failedNodeId || bar.node.status === 'error'}
            open={props.expanded.has(bar.node.nodeId)}
            onToggle={() => props.onToggle(bar.node.nodeId)}
            ticks={ticks.map((tick) => tick / layout.totalMs)}
          />
        ))}
      </ol>
    </div>
  );
}

/** The node's cost: recorded, or else what a model node reported in its output's `_meta.cost`. */
function nodeCost(node: NodeTraceView): number | null {
  if (node.costUsd !== null) return node.costUsd;
  const meta = isRecord(node.output) ? node.output._meta : undefined;
  return isRecord(meta) && typeof meta.cost === 'number' ? meta.cost : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function traceRowId(nodeId: string): string {
  return `trace-node-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function TraceRow(props: {
  bar: TraceBar;
  failed: boolean;
  open: boolean;
  onToggle(): void;
  ticks: number[];
}) {
  const { node } = props.bar;
  const id = traceRowId(node.nodeId);
  const timing =
    props.bar.offsetMs === null
      ? 'did not run'
      : `${props.bar.estimated ? 'about ' : ''}${formatDuration(props.bar.offsetMs)} in, took ${formatDuration(node.durationMs)}`;
  return (
    <li
      className={`trace-row${props.failed ? ' is-failed' : ''}${node.status === 'skipped' ? ' is-skipped' : ''}`}
    >
      <button
        type="button"
        id={id}
        className="trace-toggle"
        aria-expanded={props.open}
        aria-controls={`${id}-details`}
        onClick={props.onToggle}
      >
        <span className="trace-label">
          <span className="trace-chevron" aria-hidden="true">
            {props.open ? '▾' : '▸'}
          </span>
          <span className="trace-name">{node.name || node.nodeId}</span>
          <span className="trace-kind">{node.kind}</span>
          <span className="visually-hidden">
            {node.status}, {timing}
          </span>
        </span>
        <span className="trace-track" aria-hidden="true">
          {props.ticks.map((tick) => (
            <span key={tick} className="trace-gridline" style={{ left: `${tick * 100}%` }} />
          ))}
          {props.bar.offsetMs !== null && (
            <span
              className={`trace-bar status-${node.status}${props.bar.estimated ? ' is-estimated' : ''}`}
              style={{ left: `${props.bar.left * 100}%`, width: `max(3px, ${props.bar.width * 100}%)` }}
              title={timing}
            />
          )}
          <span
            className="trace-duration"
            style={
              props.bar.left > 0.6
                ? { right: `${(1 - props.bar.left) * 100 + 1}%` }
                : { left: `calc(${(props.bar.left + props.bar.width) * 100}% + 6px)` }
            }
          >
            {node.status === 'skipped' ? 'skipped' : formatDuration(node.durationMs)}
          </span>
        </span>
      </button>
      {props.open && <NodeDetails node={node} id={`${id}-details`} timing={timing} />}
    </li>
  );
}

function NodeDetails({ node, id, timing }: { node: NodeTraceView; id: string; timing: string }) {
  return (
    <div className="trace-details" id={id} data-testid={`node-details-${node.nodeId}`}>
      <dl className="trace-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={node.status} />
          </dd>
        </div>
        <div>
          <dt>Node id</dt>
          <dd className="mono">{node.nodeId}</dd>
        </div>
        <div>
          <dt>Timing</dt>
          <dd>{timing}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{formatTokens(node.totalTokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(nodeCost(node))}</dd>
        </div>
      </dl>
      <div className="trace-json">
        <section>
          <h3>Input</h3>
          <JsonView value={node.input} label={`Input of ${node.name || node.nodeId}`} />
        </section>
        <section>
          <h3>Output</h3>
          <JsonView value={node.output} label={`Output of ${node.name || node.nodeId}`} />
        </section>
        {node.error !== null && node.error !== undefined && (
          <section className="trace-error">
            <h3>Error</h3>
            <JsonView value={node.error} label={`Error of ${node.name || node.nodeId}`} />
          </section>
        )}
      </div>
    </div>
  );
}
