import { WorkflowError } from '../errors/workflow-error.ts';
import { isJsonObject, type JsonValue } from '../json.ts';

/** One node of a finished run, as checkStatus lists it. */
export interface RunNode {
  nodeId: string;
  nodeType: string;
  nodeName: string | null;
  status: string;
  output: JsonValue;
  timeTakenInSeconds: number | null;
}

/** What `status(requestId)` answers: queued or running, or finished with its result or error. */
export type RunStatus<Output = JsonValue> =
  | { status: 'in-progress'; requestId: string }
  | {
      status: 'success';
      requestId: string;
      result: Output;
      timeTakenInSeconds: number | null;
      nodes: RunNode[];
    }
  | {
      status: 'error';
      requestId: string;
      error: WorkflowError;
      timeTakenInSeconds: number | null;
      nodes: RunNode[];
    };

/** Reads checkStatus's JSON (DESIGN §1: a superset of what Lamatic's clients read). */
export function readRunStatus<Output>(requestId: string, value: JsonValue): RunStatus<Output> {
  const answer = isJsonObject(value) ? value : {};
  if (answer.status !== 'success' && answer.status !== 'error') return { status: 'in-progress', requestId };
  const nodes = Array.isArray(answer.nodes) ? answer.nodes.filter(isJsonObject).map(readNode) : [];
  const timeTakenInSeconds = typeof answer.timeTakenInSeconds === 'number' ? answer.timeTakenInSeconds : null;
  if (answer.status === 'success') {
    return {
      status: 'success',
      requestId,
      result: (answer.result ?? null) as Output,
      timeTakenInSeconds,
      nodes,
    };
  }
  const failed = nodes.find((node) => node.status === 'error');
  const message = typeof answer.error === 'string' ? answer.error : 'The workflow failed.';
  const error = new WorkflowError(message, {
    code: 'WORKFLOW_FAILED',
    status: 200,
    requestId,
    nodeId: failed?.nodeId ?? null,
  });
  return { status: 'error', requestId, error, timeTakenInSeconds, nodes };
}

function readNode(node: { [key: string]: JsonValue }): RunNode {
  return {
    nodeId: String(node.nodeId ?? ''),
    nodeType: String(node.nodeType ?? ''),
    nodeName: typeof node.nodeName === 'string' ? node.nodeName : null,
    status: String(node.status ?? ''),
    output: node.output ?? null,
    timeTakenInSeconds: typeof node.timeTakenInSeconds === 'number' ? node.timeTakenInSeconds : null,
  };
}
