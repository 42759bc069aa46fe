import type { InputField } from './example-payload.ts';
import type { SnippetTarget } from './snippets.ts';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const JS_IDENTIFIER = /^[_$A-Za-z][_$0-9A-Za-z]*$/;
const GRAPHQL_TYPES: Record<string, string> = {
  string: 'String',
  int: 'Int',
  integer: 'Int',
  number: 'Float',
  float: 'Float',
  boolean: 'Boolean',
};

/**
 * The integration guide's axios example for this flow: the key from LAMATIC_API_KEY, one GraphQL
 * variable per input field and the payload written inline (`payload: { url: $url }`). When a field's
 * name cannot be a GraphQL variable, the payload travels whole as `$payload: JSON`.
 */
export function axiosSnippet(target: SnippetTarget, fields: readonly InputField[]): string {
  const inline = fields.every((field) => GRAPHQL_NAME.test(field.name) && field.name !== 'workflowId');
  const declared = inline
    ? fields.map((field) => `  $${field.name}: ${GRAPHQL_TYPES[field.type] ?? 'JSON'}`)
    : ['  $payload: JSON'];
  const payloadArgument = inline
    ? fields.length === 0
      ? '    payload: {}'
      : ['    payload: {', ...fields.map((field) => `      ${field.name}: $${field.name}`), '    }'].join(
          '\n',
        )
    : '    payload: $payload';
  const variables = inline
    ? fields.map((field) => `  ${key(field.name)}: ${literal(target.payload[field.name], 2)}`)
    : [`  payload: ${literal(target.payload, 2)}`];
  return `// Run it with: LAMATIC_API_KEY=YOUR_API_KEY node request.js
const axios = require('axios');

// Step 1: Get your API key from environment variable
const lamatic_api_key = process.env.LAMATIC_API_KEY;

// Step 2: Define your GraphQL query
const query = \`
query ExecuteWorkflow(
${['  $workflowId: String!', ...declared].join('\n')}
) {
  executeWorkflow(
    workflowId: $workflowId
${payloadArgument}
  ) {
    status
    result
  }
}
\`;

// Step 3: Define your query variables
const variables = {
${[`  workflowId: ${JSON.stringify(target.flowId)}`, ...variables].join(',\n')}
};

// Step 4: Configure the request
const options = {
  method: 'POST',
  url: ${JSON.stringify(target.endpoint)},
  headers: {
    'Authorization': \`Bearer \${lamatic_api_key}\`,
    'Content-Type': 'application/json',
    'x-project-id': ${JSON.stringify(target.projectId)},
  },
  data: {
    query,
    variables
  }
};

// Step 5: Make the request
axios(options)
  .then(response => {
    console.log('Success:', response.data);
  })
  .catch(error => {
    console.error('Error:', error.response?.data || error.message);
  });`;
}

function key(name: string): string {
  return JS_IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function literal(value: unknown, indent: number): string {
  return (JSON.stringify(value ?? null, null, 2) ?? 'null').replaceAll('\n', `\n${' '.repeat(indent)}`);
}
