import type { NodeFieldView, NodeKindView } from '../contract.ts';

type Entry = Omit<NodeKindView, 'kind'>;

const f = (
  name: string,
  label: string,
  type: NodeFieldView['type'],
  extra: Partial<Omit<NodeFieldView, 'name' | 'label' | 'type'>> = {},
): NodeFieldView => ({ name, label, type, required: false, ...extra });

const nodeName = f('nodeName', 'Name', 'string', { description: 'Shown on the canvas and in run traces.' });
const webhook = [
  f('webhookUrl', 'Webhook URL', 'string', {
    description: 'Where the finished run is sent (signed POST); empty for none.',
  }),
  f('headers', 'Webhook headers', 'json', {
    description: 'Extra headers for the webhook, as a JSON object.',
  }),
];
const model = f('generativeModelName', 'Model', 'model', {
  required: true,
  description:
    'The model config {provider_name, model_name, credential_name}; empty uses the project default model.',
});
const prompts = [
  f('systemPrompt', 'System prompt', 'text', {
    description: 'Instructions; may use {{node.output.x}} templates.',
  }),
  f('promptTemplate', 'User prompt', 'text', {
    description: 'The message sent to the model; templates allowed.',
  }),
  f('prompts', 'Prompts', 'json', {
    description: 'Lamatic prompt list [{role, content}], instead of the two above.',
  }),
  f('messages', 'Chat history', 'string', {
    description: 'A template naming earlier messages, e.g. {{trigger.output.history}}.',
  }),
  f('temperature', 'Temperature', 'number'),
  f('max_tokens', 'Max tokens', 'number'),
];

/**
 * What the editor needs to draw a form for each kind: label, category, description and the config
 * fields (`data.values`) the engine's compiler reads. Kept beside the engine's kinds by name; a kind
 * missing here still appears (see nodeKindViews) with a generic entry, and a test checks none is.
 */
export const NODE_KIND_CATALOGUE: Readonly<Record<string, Entry>> = {
  graphqlNode: {
    label: 'API Request',
    category: 'trigger',
    description: 'Starts the flow from the GraphQL API (executeWorkflow); its output is the payload.',
    fields: [
      nodeName,
      f('responeType', 'Response mode', 'select', {
        options: ['realtime', 'async'],
        description: 'realtime answers with the result; async answers with a requestId at once.',
      }),
      f('advance_schema', 'Input schema', 'json', {
        description: 'The payload fields and their types, e.g. {"question": "string", "count": "number"}.',
      }),
      ...webhook,
    ],
  },
  webhookTriggerNode: {
    label: 'Webhook',
    category: 'trigger',
    description: 'Starts the flow when its webhook URL receives a POST; the body is the payload.',
    fields: [
      nodeName,
      f('webhookSecret', 'Secret', 'string', { description: 'Callers must send it in x-webhook-secret.' }),
    ],
  },
  cronNode: {
    label: 'Schedule',
    category: 'trigger',
    description: 'Starts the flow on a cron schedule.',
    fields: [
      nodeName,
      f('cronExpression', 'Cron expression', 'string', { required: true, description: 'e.g. 0 9 * * 1-5' }),
      f('cronTimezone', 'Time zone', 'string', { description: 'IANA name, e.g. Europe/Paris; default UTC.' }),
    ],
  },
  graphqlResponseNode: {
    label: 'API Response',
    category: 'response',
    description: 'What the API answers: each output field mapped from a node output.',
    fields: [
      nodeName,
      f('outputMapping', 'Output mapping', 'json', {
        required: true,
        description:
          'A JSON object: output field → template, e.g. {"answer": "{{LLMNode_1.output.generatedResponse}}"}.',
      }),
      ...webhook,
    ],
  },
  LLMNode: {
    label: 'Generate Text',
    category: 'ai',
    description: 'Asks a language model and outputs its text (generatedResponse).',
    fields: [nodeName, model, ...prompts],
  },
  InstructorLLMNode: {
    label: 'Generate JSON',
    category: 'ai',
    description: 'Asks a language model for JSON matching a schema.',
    fields: [
      nodeName,
      model,
      ...prompts,
      f('schema', 'Output schema', 'json', {
        required: true,
        description: 'A JSON Schema of the object to produce.',
      }),
    ],
  },
  codeNode: {
    label: 'Code',
    category: 'logic',
    description: 'Runs JavaScript in a sandbox; what it returns is the output.',
    fields: [
      nodeName,
      f('code', 'Code', 'code', {
        required: true,
        description: 'JavaScript; read inputs with {{node.output.x}}.',
      }),
    ],
  },
  variablesNode: {
    label: 'Variables',
    category: 'data',
    description: 'Sets named values from templates.',
    fields: [
      nodeName,
      f('mapping', 'Variables', 'json', {
        required: true,
        description: 'A JSON object: name → {type, value} or name → template.',
      }),
    ],
  },
  conditionNode: {
    label: 'Condition',
    category: 'logic',
    description: 'Follows the branches whose conditions hold (else the Else branch).',
    fields: [
      nodeName,
      f('conditions', 'Conditions', 'json', {
        required: true,
        description: 'A list of {label, condition: {operator, value, …}}; edges name the branch label.',
      }),
      f('allowMultipleConditionExecution', 'Follow every matching branch', 'boolean'),
    ],
  },
  branchNode: {
    label: 'Branch',
    category: 'logic',
    description: 'Runs several branches at once; a node after them joins them.',
    fields: [
      nodeName,
      f('branches', 'Branches', 'json', { required: true, description: 'A list of {label}.' }),
    ],
  },
  forLoopNode: {
    label: 'Loop',
    category: 'logic',
    description: 'Repeats the nodes up to its Loop End for each item of a list or a range.',
    fields: [
      nodeName,
      f('iterateOver', 'Iterate over', 'select', { options: ['list', 'range'] }),
      f('iteratorValue', 'List', 'string', {
        description: 'A template giving the list, e.g. {{trigger.output.items}}.',
      }),
      f('initialValue', 'From', 'number'),
      f('endValue', 'To', 'number'),
      f('increment', 'Step', 'number'),
      f('wait', 'Pause between items (ms)', 'number'),
    ],
  },
  forLoopEndNode: {
    label: 'Loop End',
    category: 'logic',
    description: 'Closes a Loop; its output lists every iteration’s result.',
    fields: [nodeName],
  },
  batchNode: {
    label: 'Batch',
    category: 'logic',
    description: 'Like Loop, with several items processed at once.',
    fields: [
      nodeName,
      f('iteratorValue', 'List', 'string', { description: 'A template giving the list.' }),
      f('concurrencyLimit', 'At once', 'number'),
    ],
  },
  batchEndNode: {
    label: 'Batch End',
    category: 'logic',
    description: 'Closes a Batch; its output lists every item’s result.',
    fields: [nodeName],
  },
  flowNode: {
    label: 'Execute Flow',
    category: 'integration',
    description: 'Runs another deployed flow of the project and outputs its result.',
    fields: [
      nodeName,
      f('flowId', 'Flow', 'string', { required: true, description: 'The id of the deployed flow to run.' }),
      f('requestInput', 'Payload', 'json', {
        description: 'The payload, a JSON object; templates allowed in strings.',
      }),
    ],
  },
  apiNode: {
    label: 'HTTP Request',
    category: 'integration',
    description: 'Calls an HTTP API and outputs its response.',
    fields: [
      nodeName,
      f('url', 'URL', 'string', { required: true }),
      f('method', 'Method', 'select', { options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] }),
      f('headers', 'Headers', 'json'),
      f('body', 'Body', 'text'),
      f('timeout', 'Timeout (ms)', 'number'),
      f('convertXmlResponseToJson', 'Convert XML to JSON', 'boolean'),
    ],
  },
  waitNode: {
    label: 'Wait',
    category: 'logic',
    description: 'Pauses the run.',
    fields: [nodeName, f('seconds', 'Seconds', 'number', { required: true })],
  },
  endNode: {
    label: 'End',
    category: 'logic',
    description: 'Ends its path: nothing after it runs.',
    fields: [nodeName],
  },
};
