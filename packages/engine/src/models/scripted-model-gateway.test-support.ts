import { compileFlow } from '../compile/compile-flow.ts';
import type { CompiledFlow } from '../compile/compiled-flow.ts';
import type { EngineServices } from '../execute/engine-services.ts';
import { executeFlow } from '../execute/execute-flow.ts';
import type { RunObserver } from '../execute/run-outcome.ts';
import type { JsonValue } from '../json.ts';
import { builtinNodeKinds } from '../nodes/builtin-kinds.ts';
import { NodeRegistry } from '../nodes/registry.ts';
import type { GenerateRequest, GenerateResult, ModelGateway } from './model-gateway.ts';

/** A ModelGateway that answers from a queue of texts (or errors) and records every request. */
export class ScriptedModelGateway implements ModelGateway {
  readonly requests: GenerateRequest[] = [];
  private readonly answers: (string | Error)[] = [];

  answer(...answers: (string | Error)[]): this {
    this.answers.push(...answers);
    return this;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    const answer = this.answers.shift() ?? 'no answer scripted';
    if (answer instanceof Error) throw answer;
    if (request.onDelta) for (const piece of answer.split(/(?<= )/)) request.onDelta(piece);
    return {
      text: answer,
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      modelName: request.model?.model_name ?? 'default-model',
      modelProvider: request.model?.provider_name ?? 'openai',
      credential: { name: 'OpenAI', resolvedBy: request.model ? 'credential_name' : 'default_model' },
      costUsd: 0.001,
    };
  }
}

const registry = new NodeRegistry(builtinNodeKinds);

export function servicesWith(models: ModelGateway): EngineServices {
  return {
    sandbox: { run: () => Promise.reject(new Error('no code here')), close: () => Promise.resolve() },
    secrets: { forProject: () => Promise.resolve({}) },
    limits: { codeTimeoutMs: 1000, codeMemoryLimitBytes: 32 << 20 },
    http: { request: () => Promise.reject(new Error('no HTTP here')) },
    flows: { run: () => Promise.reject(new Error('no subflows here')) },
    models,
  };
}

/** trigger → one node of `kind` → response mapping `{"out": "{{node}}"}`. */
export function singleNodeFlow(
  kind: string,
  values: Record<string, unknown>,
  advanceSchema = '{"topic":"string?"}',
) {
  return compileFlow(
    {
      id: 'llm-flow',
      name: 'LLM flow',
      nodes: [
        {
          id: 'triggerNode_1',
          data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: advanceSchema } },
        },
        { id: 'node_1', data: { nodeId: kind, values: { nodeName: 'Model', ...values } } },
        {
          id: 'response',
          data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{"out":"{{node_1.output}}"}' } },
        },
      ],
      edges: [
        { id: 'a', source: 'triggerNode_1', target: 'node_1', type: 'defaultEdge' },
        { id: 'b', source: 'node_1', target: 'response', type: 'defaultEdge' },
      ],
    },
    registry,
  );
}

export function runFlow(
  flow: CompiledFlow,
  models: ModelGateway,
  payload: JsonValue = {},
  observer?: RunObserver,
) {
  return executeFlow(flow, { requestId: 'r1', projectId: 'p1', payload, observer }, servicesWith(models));
}
