import { FlowgateError, type ServerErrorOptions } from './flowgate-error.ts';

/**
 * `WORKFLOW_FAILED`: the flow ran and a node failed. `requestId` finds the run (checkStatus, logs);
 * `nodeId` names the node that failed when the server knows it.
 */
export class WorkflowError extends FlowgateError {
  readonly nodeId: string | null;

  constructor(message: string, options: ServerErrorOptions & { nodeId: string | null }) {
    super(message, options);
    this.name = 'WorkflowError';
    this.nodeId = options.nodeId;
  }
}
