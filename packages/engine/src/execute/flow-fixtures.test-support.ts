import { compileFlow } from '../compile/compile-flow.ts';
import { EngineError } from '../errors/engine-error.ts';
import { NodeFailure } from '../errors/node-failure.ts';
import type { JsonValue } from '../json.ts';
import { noModelGateway } from '../models/model-gateway.ts';
import { builtinNodeKinds } from '../nodes/builtin-kinds.ts';
import type { NodeKind } from '../nodes/node-kind.ts';
import { NodeRegistry } from '../nodes/registry.ts';
import { Template } from '../templates/template.ts';
import type { EngineServices } from './engine-services.ts';
import { executeFlow } from './execute-flow.ts';

/** A step that waits `ms` then echoes its rendered `value`, or fails when `fail` is set. */
const delayNode: NodeKind<{ ms: number; value: Template; fail: boolean }> = {
  kind: 'testDelayNode',
  role: 'step',
  compile: ({ values }) => ({
    ms: Number(values.ms ?? 0),
    value: new Template(String(values.value ?? '')),
    fail: values.fail === true,
  }),
  async run({ ms, value, fail }, { scope, nodeId, signal }) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    signal.throwIfAborted();
    if (fail) throw new NodeFailure(nodeId, `Node ${nodeId} was told to fail`);
    return { output: { value: value.render(scope), at: Date.now() } };
  },
};

export const registry = new NodeRegistry([...builtinNodeKinds, delayNode]);
export const services: EngineServices = {
  sandbox: {
    run: () => Promise.reject(new Error('no code in these tests')),
    close: () => Promise.resolve(),
  },
  secrets: { forProject: () => Promise.resolve({ TOKEN: 'abc' }) },
  limits: { codeTimeoutMs: 1000, codeMemoryLimitBytes: 32 << 20 },
  http: { request: () => Promise.reject(new Error('no HTTP in these tests')) },
  models: noModelGateway,
  flows: {
    async run({ flowId, payload, depth }) {
      if (flowId !== 'echo') throw new EngineError('WORKFLOW_NOT_FOUND', `no flow ${flowId}`);
      return { echoed: payload, depth };
    },
  },
};

export type NodeSpec = [id: string, kind: string, values?: Record<string, unknown>];
export type EdgeSpec = [source: string, target: string, type?: string, data?: Record<string, unknown>];

export function flow(nodes: NodeSpec[], edges: EdgeSpec[], advanceSchema = '{"x":"string?"}') {
  return {
    id: 'test-flow',
    name: 'Test flow',
    nodes: [
      {
        id: 'triggerNode_1',
        data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: advanceSchema } },
      },
      ...nodes.map(([id, nodeId, values]) => ({ id, data: { nodeId, values: values ?? {} } })),
    ],
    edges: edges.map(([source, target, type, data]) => ({
      id: `${source}-${target}`,
      source,
      target,
      type,
      data,
    })),
  };
}

export function run(definition: unknown, payload: JsonValue = {}) {
  return executeFlow(
    compileFlow(definition, registry),
    { requestId: 'r1', projectId: 'p1', payload },
    services,
  );
}

export const condition = (value: string) =>
  JSON.stringify({
    operator: null,
    operands: [{ name: '{{triggerNode_1.output.x}}', operator: '==', value }],
  });

export const branchingFlow = (labelled: boolean) =>
  flow(
    [
      [
        'cond',
        'conditionNode',
        {
          conditions: [
            { label: 'Condition 1', condition: condition('a') },
            { label: 'Condition 2', condition: condition('b') },
            { label: 'Else', condition: {} },
          ],
        },
      ],
      ['onA', 'testDelayNode', { value: 'A' }],
      ['onB', 'testDelayNode', { value: 'B' }],
      ['other', 'testDelayNode', { value: 'other' }],
      ['afterB', 'testDelayNode', { value: 'after B' }],
      ['join', 'testDelayNode', { value: '{{onA.output.value}}{{onB.output.value}}{{other.output.value}}' }],
      [
        'response',
        'graphqlResponseNode',
        { outputMapping: '{"joined":"{{join.output.value}}","x":"{{triggerNode_1.output.x}}"}' },
      ],
    ],
    [
      ['triggerNode_1', 'cond'],
      ['cond', 'onA', 'conditionEdge', labelled ? { condition: 'Condition 1' } : undefined],
      ['cond', 'onB', 'conditionEdge', labelled ? { condition: 'Condition 2' } : undefined],
      ['cond', 'other', 'conditionEdge', labelled ? { condition: 'Else' } : undefined],
      ['onB', 'afterB'],
      ['onA', 'join'],
      ['afterB', 'join'],
      ['other', 'join'],
      ['join', 'response'],
      ['triggerNode_1', 'response', 'responseEdge'],
    ],
  );
