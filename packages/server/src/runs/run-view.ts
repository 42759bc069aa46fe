import { isJsonObject, type JsonValue } from '@flowgate/engine';
import type { RunNodeRecord, RunWithNodes } from '../store/store.ts';

/**
 * `checkStatus`'s answer. Lamatic's clients read the outcome in different places (`output`,
 * `result`, `data.output.result`, errors at `data.output.result.errorMsg`), so a finished run
 * answers with the superset; a queued or running one with `{status: "in-progress"}`.
 */
export function describeRun({ run, nodes }: RunWithNodes): JsonValue {
  if (run.status === 'queued' || run.status === 'running') {
    return { status: 'in-progress', requestId: run.requestId, flowId: run.flowId };
  }
  const failed = run.status === 'error';
  const error = isJsonObject(run.error) ? run.error : null;
  const errorMessage = typeof error?.message === 'string' ? error.message : null;
  const output: JsonValue = failed ? { errorMsg: errorMessage } : run.result;
  return {
    status: failed ? 'error' : 'success',
    statusCode: failed ? 500 : 200,
    requestId: run.requestId,
    flowId: run.flowId,
    timeTakenInSeconds: seconds(run.durationMs),
    input: run.payload,
    output,
    result: output,
    error: errorMessage,
    nodes: nodes.map(describeNode),
    data: {
      input: run.payload,
      output: isJsonObject(output) ? { ...output, result: output } : { result: output },
    },
  };
}

function describeNode(node: RunNodeRecord): JsonValue {
  return {
    nodeId: node.nodeId,
    nodeType: node.kind,
    nodeName: node.name,
    input: node.input,
    output: node.output,
    status: node.status,
    statusCode: node.status === 'success' ? 200 : node.status === 'error' ? 500 : null,
    error: node.error,
    timeTakenInSeconds: seconds(node.durationMs),
  };
}

function seconds(durationMs: number | null): number | null {
  return durationMs === null ? null : Math.round(durationMs) / 1000;
}
