import { EngineError } from './engine-error.ts';

export interface FlowProblem {
  /** The node the problem is in, when it is in one. */
  nodeId?: string;
  message: string;
}

/** A flow that cannot be deployed. Lists every problem found, not just the first. */
export class FlowValidationError extends EngineError {
  readonly flowId: string;
  readonly problems: readonly FlowProblem[];

  constructor(flowId: string, problems: readonly FlowProblem[]) {
    const lines = problems.map((problem) =>
      problem.nodeId ? `node ${problem.nodeId}: ${problem.message}` : problem.message,
    );
    super('FLOW_INVALID', `Flow ${flowId} cannot be deployed: ${lines.join('; ')}`);
    this.flowId = flowId;
    this.problems = problems;
  }
}
