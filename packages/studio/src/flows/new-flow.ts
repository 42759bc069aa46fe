import type { FlowDefinitionJson } from '@flowgate/server/studio-contract';

/** A flow id from a name: lowercase words joined by dashes, e.g. "Support Bot" → "support-bot". */
export function flowIdFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** A new flow starts as Lamatic's starter pair: an API Request trigger answered by an API Response. */
export function newFlowDefinition(id: string, name: string): FlowDefinitionJson {
  return {
    id,
    name,
    nodes: [
      {
        id: 'triggerNode_1',
        type: 'triggerNode',
        position: { x: 0, y: 0 },
        data: {
          nodeId: 'graphqlNode',
          trigger: true,
          values: {
            nodeName: 'API Request',
            responeType: 'realtime',
            advance_schema: '{\n  "topic": "string"\n}',
          },
        },
      },
      {
        id: 'responseNode_triggerNode_1',
        type: 'responseNode',
        position: { x: 330, y: 0 },
        data: {
          nodeId: 'graphqlResponseNode',
          values: {
            nodeName: 'API Response',
            headers: '{"content-type":"application/json"}',
            outputMapping: '{\n  "topic": "{{triggerNode_1.output.topic}}"\n}',
          },
        },
      },
    ],
    edges: [
      {
        id: 'triggerNode_1-responseNode_triggerNode_1',
        source: 'triggerNode_1',
        target: 'responseNode_triggerNode_1',
        sourceHandle: 'bottom',
        targetHandle: 'top',
        type: 'defaultEdge',
      },
      {
        id: 'response-trigger_triggerNode_1',
        source: 'triggerNode_1',
        target: 'responseNode_triggerNode_1',
        sourceHandle: 'to-response',
        targetHandle: 'from-trigger',
        type: 'responseEdge',
      },
    ],
  };
}
