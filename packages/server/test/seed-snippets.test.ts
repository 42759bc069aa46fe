import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestProject,
  REPOSITORY_ROOT,
  startTestServer,
  type TestProject,
  type TestServer,
} from './support/test-server.ts';

const run = promisify(execFile);

/** The integration guide's axios example, character for character; only the placeholders are filled in. */
const AXIOS_SNIPPET = `const axios = require('axios');

// Step 1: Get your API key from environment variable
const lamatic_api_key = process.env.LAMATIC_API_KEY;

// Step 2: Define your GraphQL query
const query = \`
query ExecuteWorkflow(
$workflowId: String!
$url: String
) {
executeWorkflow(
workflowId: $workflowId
payload: {
url: $url
}
) {
status
result
}
}
\`;

// Step 3: Define your query variables
const variables = {
workflowId: "YOUR_WORKFLOW_ID",
url: "url"
};

// Step 4: Configure the request
const options = {
method: 'POST',
url: 'YOUR_PROJECT_URL',
headers: {
'Authorization': \`Bearer \${lamatic_api_key}\`,
'Content-Type': 'application/json',
'x-project-id': 'YOUR_PROJECT_ID',
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

describe("the integration guide's snippets, verbatim", () => {
  let server: TestServer;
  let test: TestProject;

  beforeAll(async () => {
    server = await startTestServer();
    test = await createTestProject(server.app);
  });
  afterAll(() => server.close());

  it('answers the curl request', async () => {
    const body = JSON.stringify({
      query:
        'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }',
      variables: { workflowId: 'hello', payload: { url: 'https://example.com/article' } },
    });
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      server.endpoint,
      '-H',
      `Authorization: Bearer ${test.key.key}`,
      '-H',
      'Content-Type: application/json',
      '-H',
      `x-project-id: ${test.project.id}`,
      '-d',
      body,
    ]);
    expect(JSON.parse(stdout)).toEqual({
      data: {
        executeWorkflow: {
          status: 'success',
          result: { url: 'https://example.com/article', greeting: 'Hello from Flowgate' },
        },
      },
    });
  });

  it('answers the axios example, whose payload is an inline literal with a variable, every time', async () => {
    const directory = path.join(REPOSITORY_ROOT, 'test-output');
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, `axios-snippet-${process.pid}.cjs`);
    const filled = AXIOS_SNIPPET.replace('YOUR_WORKFLOW_ID', 'hello')
      .replace('YOUR_PROJECT_URL', server.endpoint)
      .replace('YOUR_PROJECT_ID', test.project.id);
    await writeFile(file, filled);
    // graphql-jit would turn `payload: { url: $url }` into {} from the second call on: run it thrice.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { stdout, stderr } = await run('node', [file], {
        env: { ...process.env, LAMATIC_API_KEY: test.key.key },
      });
      expect(stderr).toBe('');
      expect(stdout).toContain('Success:');
      expect(stdout).toContain("status: 'success'");
    }
    // console.log prints the result as [Object]: read what the three runs answered from the store.
    await server.app.recorder.flush();
    const runs = await server.app.store.runs.list(test.project.id, { limit: 3 });
    expect(runs.map((run) => run.result)).toEqual(
      Array(3).fill({ url: 'url', greeting: 'Hello from Flowgate' }),
    );
  });
});
