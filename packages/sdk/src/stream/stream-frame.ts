import { errorFromEntry, readErrors } from '../errors/error-from-answer.ts';
import { FlowgateError } from '../errors/flowgate-error.ts';
import { WorkflowError } from '../errors/workflow-error.ts';
import { isJsonObject, type JsonValue } from '../json.ts';

/**
 * One frame of `stream()`: a node finished (`node`), an LLM node's token delta (`delta`), or the
 * run's result (`done`, always last). A failed run ends with a WorkflowError thrown instead of `done`.
 */
export type StreamFrame<Output = JsonValue> =
  | {
      kind: 'node';
      requestId: string;
      nodeId: string;
      nodeName: string | null;
      status: 'success' | 'error' | 'skipped';
      data: JsonValue;
    }
  | { kind: 'delta'; requestId: string; nodeId: string; text: string }
  | { kind: 'done'; requestId: string; result: Output };

/** Reads one event's data: `{"data":{"executeWorkflowWithStream":{…}}}` (DESIGN §1), or errors. */
export function readStreamFrame<Output>(eventData: string): StreamFrame<Output> {
  let body: unknown;
  try {
    body = JSON.parse(eventData);
  } catch {
    throw new FlowgateError(`The stream sent an event that is not JSON: ${eventData.slice(0, 80)}`, {
      code: 'UNEXPECTED_RESPONSE',
    });
  }
  const data = isJsonObject(body) && isJsonObject(body.data) ? body.data : undefined;
  const chunk = data?.executeWorkflowWithStream;
  if (!isJsonObject(chunk)) throw errorFromEntry(readErrors(body)[0], 200, null);
  const requestId = String(chunk.requestId ?? '');
  const nodeId = typeof chunk.nodeId === 'string' ? chunk.nodeId : null;
  const payload = chunk.data ?? null;
  if (chunk.isFlowExecutionFinished === true) {
    if (chunk.status === 'error') throw new WorkflowError(errorMessage(payload), failure(requestId, nodeId));
    return { kind: 'done', requestId, result: (chunk.result ?? payload) as Output };
  }
  if (chunk.status === 'streaming') {
    const text =
      isJsonObject(payload) && typeof payload.generatedResponse === 'string' ? payload.generatedResponse : '';
    return { kind: 'delta', requestId, nodeId: nodeId ?? '', text };
  }
  const status = chunk.status === 'error' || chunk.status === 'skipped' ? chunk.status : 'success';
  const nodeName = typeof chunk.nodeName === 'string' ? chunk.nodeName : null;
  return { kind: 'node', requestId, nodeId: nodeId ?? '', nodeName, status, data: payload };
}

function errorMessage(payload: JsonValue): string {
  return isJsonObject(payload) && typeof payload.errorMsg === 'string'
    ? payload.errorMsg
    : 'The workflow failed.';
}

function failure(requestId: string, nodeId: string | null) {
  return { code: 'WORKFLOW_FAILED', status: 200, requestId, nodeId };
}
