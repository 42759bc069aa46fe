import type { JsonValue, NodeRecord, RunOutcome } from '@flowgate/engine';

/**
 * The chunks of `executeWorkflowWithStream`, as Lamatic's SDKs read them: one per finished node
 * (`isNodeExecutionFinished`), `status: "streaming"` token deltas in `data.generatedResponse`, and
 * a last one with `isFlowExecutionFinished` carrying the result (or `data.errorMsg`).
 */
export function nodeFrame(requestId: string, record: NodeRecord): JsonValue {
  return {
    status: record.status === 'error' ? 'error' : record.status === 'skipped' ? 'skipped' : 'success',
    requestId,
    nodeId: record.nodeId,
    nodeName: record.name,
    data: record.status === 'error' ? { errorMsg: record.error } : record.output,
    isNodeExecutionFinished: true,
    isFlowExecutionFinished: false,
  };
}

export function deltaFrame(requestId: string, nodeId: string, text: string): JsonValue {
  return {
    status: 'streaming',
    requestId,
    nodeId,
    data: { generatedResponse: text },
    isNodeExecutionFinished: false,
    isFlowExecutionFinished: false,
  };
}

export function finalFrame(requestId: string, outcome: RunOutcome | undefined): JsonValue {
  if (!outcome || outcome.status === 'error') {
    return {
      status: 'error',
      requestId,
      nodeId: outcome?.error?.nodeId ?? null,
      data: { errorMsg: outcome?.error?.message ?? 'The run failed unexpectedly.' },
      isNodeExecutionFinished: true,
      isFlowExecutionFinished: true,
    };
  }
  return {
    status: 'success',
    requestId,
    data: outcome.result,
    result: outcome.result,
    isNodeExecutionFinished: true,
    isFlowExecutionFinished: true,
  };
}
