/** Flows the benchmark deploys: built here so their size is a parameter, not a file. */

type Node = { id: string; data: { nodeId: string; trigger?: boolean; values: Record<string, unknown> } };
type Edge = { source: string; target: string; type?: string; data?: Record<string, unknown> };

const trigger = (schema: string): Node => ({
  id: 'triggerNode_1',
  data: { nodeId: 'graphqlNode', trigger: true, values: { advance_schema: schema } },
});
const response = (mapping: Record<string, string>): Node => ({
  id: 'response',
  data: { nodeId: 'graphqlResponseNode', values: { outputMapping: JSON.stringify(mapping) } },
});
const variables = (id: string, mapping: Record<string, unknown>): Node => ({
  id,
  data: { nodeId: 'variablesNode', values: { mapping: JSON.stringify(mapping) } },
});

/** trigger → 98 variables nodes in a chain, each reading the one before → response: 100 nodes. */
export function chainFlow(length = 100) {
  const steps = Array.from({ length: length - 2 }, (_, index) =>
    variables(`step_${index}`, {
      n: {
        type: 'number',
        value: index === 0 ? '{{triggerNode_1.output.n}}' : `{{step_${index - 1}.output.n}}`,
      },
      label: { type: 'string', value: `step ${index}` },
    }),
  );
  const ids = ['triggerNode_1', ...steps.map((step) => step.id), 'response'];
  return {
    id: 'chain',
    name: `Chain of ${length}`,
    nodes: [
      trigger('{"n":"number"}'),
      ...steps,
      response({ n: `{{step_${length - 3}.output.n}}`, last: `{{step_${length - 3}.output.label}}` }),
    ],
    edges: ids.slice(1).map((id, index): Edge => ({ source: ids[index] as string, target: id })),
  };
}

/** trigger → forLoop over `items` → variables → loop end → response (count and last item). */
export function loopFlow() {
  return {
    id: 'loop',
    name: 'Loop over items',
    nodes: [
      trigger('{"items":"array"}'),
      {
        id: 'loop',
        data: {
          nodeId: 'forLoopNode',
          values: { connectedTo: 'loopEnd', iteratorValue: '{{triggerNode_1.output.items}}' },
        },
      },
      variables('double', { twice: { type: 'number', value: '{{loop.output.currentValue.value}}' } }),
      { id: 'loopEnd', data: { nodeId: 'forLoopEndNode', values: { connectedTo: 'loop' } } },
      response({
        count: '{{loop.output.iterations}}',
        last: '{{loopEnd.output.loopOutput[-1].double.output.twice}}',
      }),
    ],
    edges: [
      { source: 'triggerNode_1', target: 'loop' },
      { source: 'loop', target: 'double', type: 'conditionEdge', data: { condition: 'Loop Start' } },
      { source: 'double', target: 'loopEnd' },
      { source: 'loopEnd', target: 'loop', type: 'loopEdge' },
      { source: 'loopEnd', target: 'response' },
    ],
  };
}

/** trigger → variables holding the whole text → response with its length. */
export function bigPayloadFlow() {
  return {
    id: 'big',
    name: 'Big payload',
    nodes: [
      trigger('{"text":"string"}'),
      variables('keep', { text: { type: 'string', value: '{{triggerNode_1.output.text}}' } }),
      response({ length: '{{keep.output.text.length}}' }),
    ],
    edges: [
      { source: 'triggerNode_1', target: 'keep' },
      { source: 'keep', target: 'response' },
    ],
  };
}
