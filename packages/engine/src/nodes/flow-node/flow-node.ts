import { EngineError } from '../../errors/engine-error.ts';
import { NodeFailure } from '../../errors/node-failure.ts';
import { MAX_SUBFLOW_DEPTH } from '../../flows/subflow-runner.ts';
import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { TemplatedValue } from '../../templates/templated-value.ts';
import type { NodeKind } from '../node-kind.ts';

interface FlowNodeConfig {
  flowId: string;
  input: TemplatedValue;
}

/**
 * "Execute Flow": runs another deployed flow of the project with `requestInput` (a JSON document
 * of templates) as its payload. Output `{flowOutput}`: the called flow's result.
 */
export const flowNode: NodeKind<FlowNodeConfig> = {
  kind: 'flowNode',
  role: 'step',
  compile({ values, problem, reads }) {
    const flowId = typeof values.flowId === 'string' ? values.flowId.trim() : '';
    if (flowId === '') problem('flowId is empty: name the deployed flow to run');
    let input: JsonValue = {};
    const raw = values.requestInput;
    if (typeof raw === 'string' && raw.trim() !== '') {
      try {
        input = parseJsonSafely(raw);
      } catch (error) {
        problem(
          `requestInput is not valid JSON (${(error as Error).message}); quote each template: "{{node.output.x}}"`,
        );
      }
    } else if (isJsonObject(raw as JsonValue)) input = raw as JsonValue;
    const compiled = new TemplatedValue(input);
    reads(compiled.references);
    return { flowId, input: compiled };
  },
  async run({ flowId, input }, { nodeId, scope, services, run, signal }) {
    const depth = (run.depth ?? 0) + 1;
    if (depth > MAX_SUBFLOW_DEPTH) {
      throw new NodeFailure(
        nodeId,
        `Node ${nodeId}: flows call each other more than ${MAX_SUBFLOW_DEPTH} levels deep.`,
      );
    }
    const payload = input.render(scope);
    try {
      const flowOutput = await services.flows.run({
        projectId: run.projectId,
        flowId,
        payload,
        depth,
        parentRequestId: run.requestId,
        signal,
      });
      return { output: { flowOutput }, input: { flowId, payload } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof EngineError && error.retryable;
      throw new NodeFailure(nodeId, `Node ${nodeId}: flow ${flowId} failed: ${message}`, {
        retryable,
        cause: error,
      });
    }
  },
};
