/**
 * Ready-to-paste requests for one flow, filled with the real endpoint, project id and flow id; the key
 * stays the placeholder YOUR_API_KEY. The curl and axios forms are the integration guide's own.
 */
export interface SnippetTarget {
  endpoint: string;
  projectId: string;
  flowId: string;
  payload: Record<string, unknown>;
}

export const API_KEY_PLACEHOLDER = 'YOUR_API_KEY';

/** The query Lamatic's guide and SDKs send, on one line. */
export const EXECUTE_QUERY =
  'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }';

/** The JSON body of the request: `{query, variables: {workflowId, payload}}`. */
export function requestBody(target: SnippetTarget): string {
  return JSON.stringify({
    query: EXECUTE_QUERY,
    variables: { workflowId: target.flowId, payload: target.payload },
  });
}

export function curlSnippet(target: SnippetTarget): string {
  return [
    `curl -X POST ${shellQuote(target.endpoint)} \\`,
    `  -H ${shellQuote(`Authorization: Bearer ${API_KEY_PLACEHOLDER}`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H ${shellQuote(`x-project-id: ${target.projectId}`)} \\`,
    `  -d ${shellQuote(requestBody(target))}`,
  ].join('\n');
}

export function fetchSnippet(target: SnippetTarget): string {
  return `const response = await fetch(${js(target.endpoint)}, {
  method: 'POST',
  headers: {
    Authorization: 'Bearer ${API_KEY_PLACEHOLDER}',
    'Content-Type': 'application/json',
    'x-project-id': ${js(target.projectId)},
  },
  body: JSON.stringify({
    query: ${js(EXECUTE_QUERY)},
    variables: {
      workflowId: ${js(target.flowId)},
      payload: ${jsValue(target.payload, 6)},
    },
  }),
});
const { data, errors } = await response.json();
if (errors) throw new Error(errors[0].message);
console.log(data.executeWorkflow.result);`;
}

export function pythonSnippet(target: SnippetTarget): string {
  return `import requests

response = requests.post(
    ${python(target.endpoint)},
    headers={
        "Authorization": "Bearer ${API_KEY_PLACEHOLDER}",
        "Content-Type": "application/json",
        "x-project-id": ${python(target.projectId)},
    },
    json={
        "query": ${python(EXECUTE_QUERY)},
        "variables": {
            "workflowId": ${python(target.flowId)},
            "payload": ${python(target.payload, 12)},
        },
    },
    timeout=150,
)
body = response.json()
if body.get("errors"):
    raise RuntimeError(body["errors"][0]["message"])
print(body["data"]["executeWorkflow"]["result"])`;
}

export function lamaticSnippet(target: SnippetTarget): string {
  return `import { Lamatic } from 'lamatic';

const lamatic = new Lamatic({
  endpoint: ${js(target.endpoint)},
  projectId: ${js(target.projectId)},
  apiKey: '${API_KEY_PLACEHOLDER}',
});

const response = await lamatic.executeFlow(${js(target.flowId)}, ${jsValue(target.payload, 0)});
console.log(response.status, response.result);`;
}

export function flowgateSnippet(target: SnippetTarget): string {
  return `import { Flowgate } from '@flowgate/sdk';

const flowgate = new Flowgate({
  endpoint: ${js(target.endpoint)},
  projectId: ${js(target.projectId)},
  apiKey: '${API_KEY_PLACEHOLDER}',
});

// Retries what is safe to retry, follows async runs, throws one error class per failure.
const { requestId, result } = await flowgate.executeWorkflow(${js(target.flowId)}, ${jsValue(target.payload, 0)});
console.log(requestId, result);`;
}

/** Single-quotes a shell word (a `'` inside becomes `'\''`). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function js(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

/** A JSON value as a JavaScript literal, indented to sit at `indent` spaces. */
function jsValue(value: unknown, indent: number): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return text.replaceAll('\n', `\n${' '.repeat(indent)}`);
}

/** A JSON value as a Python literal (True/False/None), indented to sit at `indent` spaces. */
function python(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${pad}    ${python(item, indent + 4)},`).join('\n')}\n${pad}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(
      ([key, item]) => `${pad}    ${JSON.stringify(key)}: ${python(item, indent + 4)},`,
    );
    return `{\n${lines.join('\n')}\n${pad}}`;
  }
  return JSON.stringify(String(value));
}
