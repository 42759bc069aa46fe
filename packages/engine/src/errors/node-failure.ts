import { EngineError } from './engine-error.ts';

/**
 * A node that failed while running. The message is for the person reading the run log and the
 * API error; `retryable` tells retry policies whether another attempt can succeed.
 */
export class NodeFailure extends EngineError {
  readonly nodeId: string;

  constructor(
    nodeId: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown; code?: string } = {},
  ) {
    super(options.code ?? 'NODE_FAILED', message, options);
    this.nodeId = nodeId;
  }
}
