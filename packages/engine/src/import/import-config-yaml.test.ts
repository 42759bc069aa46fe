import { describe, expect, it } from 'vitest';
import { compileFlow } from '../compile/compile-flow.ts';
import { flowDefinitionSchema } from '../flow/flow-definition.ts';
import { builtinNodeKinds } from '../nodes/builtin-kinds.ts';
import { NodeRegistry } from '../nodes/registry.ts';
import { importConfigYaml } from './import-config-yaml.ts';
import { ImportError } from './import-error.ts';

/**
 * Written from Lamatic's docs (pages/docs/flows/flow-config.mdx and the nodes' "Low-Code Example"):
 * a condition whose branches are listed by child id under the node's `condition:`, a placeholder
 * `addNode` left on the Else branch by Studio, and a response that joins both branches.
 */
const SAMPLE = `
triggerNode:
  nodeId: triggerNode_1
  nodeType: graphqlNode
  nodeName: API Request
  values:
    advance_schema: |-
      {
        "input": "string"
      }
    responeType: realtime
nodes:
  - nodeId: conditionNode_347
    nodeType: conditionNode
    nodeName: Condition
    condition:
      - label: Condition 1
        value: LLMNode_187
      - label: Else
        value: plus-node-addNode_784238
    values:
      conditions:
        - label: Condition 1
          value: conditionNode_347-addNode_263
          condition:
            operator: null
            operands:
              - name: "{{triggerNode_1.output.input}}"
                operator: ==
                value: hello
        - label: Else
          value: conditionNode_347-addNode_784
          condition: {}
    needs:
      - triggerNode_1
  - nodeId: LLMNode_187
    nodeType: LLMNode
    nodeName: Text Generate
    modes: {}
    values:
      promptTemplate: Greet {{triggerNode_1.output.input}}
      systemPrompt: You are an AI Assistant
      messages: '[]'
      generativeModelName:
        provider_name: openai
        credential_name: Gpt-4o Lamatic
        type: generator/text
        model_name: gpt-4o-mini
    needs:
      - conditionNode_347
  - nodeId: plus-node-addNode_784238
    nodeType: addNode
    nodeName: ""
    values: {}
    needs:
      - conditionNode_347
  - nodeId: variablesNode_55
    nodeType: variablesNode
    nodeName: Fallback
    values:
      mapping: '{"text": {"type": "string", "value": "not a greeting"}}'
    needs:
      - plus-node-addNode_784238
responseNode:
  nodeId: responseNode_triggerNode_1
  nodeType: graphqlResponseNode
  nodeName: API Response
  values:
    outputMapping: |-
      {
        "output": "{{LLMNode_187.output.generatedResponse}}{{variablesNode_55.output.text}}"
      }
  needs:
    - LLMNode_187
    - variablesNode_55
`;

const edge = (source: string, target: string, type = 'defaultEdge', label?: string) => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: 'bottom',
  targetHandle: 'top',
  type,
  ...(label ? { data: { condition: label, branchName: label } } : {}),
});

describe('importConfigYaml', () => {
  it('builds the flow: nodes from the Config, edges from needs, labels from the condition list', () => {
    const { flows, warnings } = importConfigYaml(SAMPLE, 'greeter');
    expect(warnings).toEqual([]);
    expect(flows).toEqual([
      {
        id: 'greeter',
        name: 'greeter',
        nodes: [
          {
            id: 'triggerNode_1',
            type: 'triggerNode',
            data: {
              nodeId: 'graphqlNode',
              trigger: true,
              values: {
                nodeName: 'API Request',
                advance_schema: '{\n  "input": "string"\n}',
                responeType: 'realtime',
              },
            },
          },
          {
            id: 'conditionNode_347',
            type: 'dynamicNode',
            data: {
              nodeId: 'conditionNode',
              values: {
                nodeName: 'Condition',
                conditions: [
                  {
                    label: 'Condition 1',
                    value: 'conditionNode_347-addNode_263',
                    condition: {
                      operator: null,
                      operands: [{ name: '{{triggerNode_1.output.input}}', operator: '==', value: 'hello' }],
                    },
                  },
                  { label: 'Else', value: 'conditionNode_347-addNode_784', condition: {} },
                ],
              },
            },
          },
          {
            id: 'LLMNode_187',
            type: 'dynamicNode',
            data: {
              modes: {},
              nodeId: 'LLMNode',
              values: {
                nodeName: 'Text Generate',
                promptTemplate: 'Greet {{triggerNode_1.output.input}}',
                systemPrompt: 'You are an AI Assistant',
                messages: '[]',
                generativeModelName: {
                  provider_name: 'openai',
                  credential_name: 'Gpt-4o Lamatic',
                  type: 'generator/text',
                  model_name: 'gpt-4o-mini',
                },
              },
            },
          },
          {
            id: 'variablesNode_55',
            type: 'dynamicNode',
            data: {
              nodeId: 'variablesNode',
              values: {
                nodeName: 'Fallback',
                mapping: '{"text": {"type": "string", "value": "not a greeting"}}',
              },
            },
          },
          {
            id: 'responseNode_triggerNode_1',
            type: 'responseNode',
            data: {
              nodeId: 'graphqlResponseNode',
              values: {
                nodeName: 'API Response',
                outputMapping:
                  '{\n  "output": "{{LLMNode_187.output.generatedResponse}}{{variablesNode_55.output.text}}"\n}',
              },
            },
          },
        ],
        edges: [
          edge('triggerNode_1', 'conditionNode_347'),
          edge('conditionNode_347', 'LLMNode_187', 'conditionEdge', 'Condition 1'),
          edge('LLMNode_187', 'responseNode_triggerNode_1'),
          edge('variablesNode_55', 'responseNode_triggerNode_1'),
          edge('conditionNode_347', 'variablesNode_55', 'conditionEdge', 'Else'),
          {
            id: 'response-responseNode_triggerNode_1',
            source: 'triggerNode_1',
            target: 'responseNode_triggerNode_1',
            sourceHandle: 'to-response',
            targetHandle: 'from-trigger',
            type: 'responseEdge',
          },
        ],
      },
    ]);
    expect(() => flowDefinitionSchema.parse(flows[0])).not.toThrow();
  });

  it('produces a flow the compiler accepts, with the branch labels it expects', () => {
    const compiled = compileFlow(
      importConfigYaml(SAMPLE, 'greeter').flows[0],
      new NodeRegistry(builtinNodeKinds),
    );
    const condition = compiled.graph.nodes.find((node) => node.id === 'conditionNode_347');
    expect(condition?.outgoing.map((out) => out.label).sort()).toEqual(['Condition 1', 'Else']);
  });

  it('warns about kit references it cannot inline', () => {
    const text = `
triggerNode: { nodeId: triggerNode_1, nodeType: graphqlNode, values: {} }
nodes:
  - nodeId: codeNode_310
    nodeType: codeNode
    needs: [triggerNode_1]
    values: { code: "@scripts/fetch.ts" }
`;
    const { flows, warnings } = importConfigYaml(text, 'kit-yaml');
    expect(flows[0]?.nodes).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(/^kit-yaml: node codeNode_310: @scripts\/fetch\.ts refers to a file of a kit/),
    ]);
  });

  it('marks the edge from a loop end back to its start as a loopEdge', () => {
    const text = `
triggerNode: { nodeId: triggerNode_1, nodeType: graphqlNode, values: {} }
nodes:
  - { nodeId: forLoopNode_1, nodeType: forLoopNode, needs: [triggerNode_1, forLoopEndNode_1], values: {} }
  - { nodeId: forLoopEndNode_1, nodeType: forLoopEndNode, needs: [forLoopNode_1], values: {} }
`;
    const edges = (importConfigYaml(text, 'loop').flows[0]?.edges ?? []) as { id: string; type: string }[];
    expect(edges.map((each) => [each.id, each.type])).toEqual([
      ['triggerNode_1-forLoopNode_1', 'defaultEdge'],
      ['forLoopEndNode_1-forLoopNode_1', 'loopEdge'],
      ['forLoopNode_1-forLoopEndNode_1', 'defaultEdge'],
    ]);
  });

  it('names the line of a YAML error, and what is missing', () => {
    expect(() => importConfigYaml('triggerNode:\n  nodeId: [a\n', 'bad')).toThrow(
      /^bad:\d+:\d+: not valid YAML/,
    );
    expect(() => importConfigYaml('nodes: []\n', 'bad')).toThrow(ImportError);
    expect(() => importConfigYaml('triggerNode: { nodeType: graphqlNode }\n', 'bad')).toThrow(
      'bad: triggerNode has no nodeId',
    );
    expect(() =>
      importConfigYaml('triggerNode: { nodeId: t, nodeType: graphqlNode }\nnodes: [{ nodeId: x }]\n', 'bad'),
    ).toThrow('bad: nodes[0] (x) has no nodeType');
  });

  it('refuses a YAML alias bomb as the author’s mistake, not a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(() => importConfigYaml(`${levels.join('\n')}\ntriggerNode: { nodeId: t }\n`, 'bomb')).toThrow(
      /^bomb: the YAML expands too far through its aliases/,
    );
  });
});
