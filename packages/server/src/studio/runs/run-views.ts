/** Store records → the contract's RunSummary / RunDetail / NodeTraceView. */
import type { RunListRow, RunNodeRecord, RunWithNodes } from '../../store/store.ts';
import type { NodeTraceView, RunDetail, RunMode, RunSummary } from '../contract.ts';

export function toRunSummary(row: RunListRow): RunSummary {
  return {
    requestId: row.requestId,
    flowId: row.flowId,
    status: row.status,
    mode: row.mode as RunMode,
    deploymentNumber: row.deploymentNumber,
    createdAt: row.createdAt,
    durationMs: row.durationMs,
    totalTokens: row.totalTokens,
    costUsd: row.costUsd,
    apiKeyName: row.apiKeyName,
  };
}

export function toRunDetail(entry: RunWithNodes, apiKeyName: string | null): RunDetail {
  const { run } = entry;
  return {
    ...toRunSummary({ ...run, apiKeyName }),
    payload: run.payload,
    result: run.result,
    error: toRunError(run.error),
    nodes: entry.nodes.map(toNodeTrace),
  };
}

function toNodeTrace(node: RunNodeRecord): NodeTraceView {
  return {
    position: node.position,
    nodeId: node.nodeId,
    kind: node.kind,
    name: node.name,
    status: node.status,
    input: node.input,
    output: node.output,
    error: node.error,
    startedAt: node.startedAt,
    durationMs: node.durationMs,
    totalTokens: node.totalTokens,
    // The store keeps cost per run only.
    costUsd: null,
  };
}

/** The run's `{code, message, nodeId?}`; any other shape becomes its message. */
function toRunError(error: unknown): RunDetail['error'] {
  if (error === null || error === undefined) return null;
  if (typeof error !== 'object' || Array.isArray(error)) return { message: String(error) };
  const record = error as Record<string, unknown>;
  const view: NonNullable<RunDetail['error']> = {};
  if (typeof record.code === 'string') view.code = record.code;
  if (typeof record.message === 'string') view.message = record.message;
  if (typeof record.nodeId === 'string') view.nodeId = record.nodeId;
  if (view.message === undefined && view.code === undefined) view.message = JSON.stringify(error);
  return view;
}
