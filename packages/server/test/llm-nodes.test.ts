import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFlowFiles } from '../src/cli/flow-files.ts';
import { execute, KITS, llmFlow, nodeInput, projectWith } from './support/llm-flows.ts';
import { TestLlmServer } from './support/llm-server.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let llm: TestLlmServer;

beforeAll(async () => {
  server = await startTestServer({ allowHosts: '127.0.0.1' });
  llm = await TestLlmServer.start({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await server?.close();
  await llm?.close();
});
beforeEach(() => llm.reset());

const gpt4oMini = {
  provider_name: 'openai',
  credential_name: 'OpenAI',
  model_name: 'gpt-4o-mini',
  params: { temperature: 0.2 },
};
const openai = () => ({ name: 'OpenAI', provider: 'openai', baseUrl: llm.baseUrl, apiKey: 'sk-test' });
const getStartedKit = () => readFlowFiles([fileURLToPath(new URL('get-started', KITS))]);

describe('LLMNode through the GraphQL API', () => {
  it('answers with the model’s text, tokens and cost, using the credential the node names', async () => {
    const test = await projectWith(server.app, [llmFlow('insight', gpt4oMini)], [openai()]);
    llm.reply({ content: 'Tides follow the moon.', usage: { prompt_tokens: 1000, completion_tokens: 200 } });
    const answer = await execute(server.endpoint, test, 'insight', { topic: 'tides' });
    expect(answer.status).toBe(200);
    expect(answer.result).toEqual({
      answer: 'Tides follow the moon.',
      meta: {
        prompt_tokens: 1000,
        completion_tokens: 200,
        total_tokens: 1200,
        model_name: 'gpt-4o-mini',
        model_provider: 'openai',
        cost: 0.00027,
      },
    });
    const [received] = llm.requests;
    expect(received?.headers.authorization).toBe('Bearer sk-test');
    expect(received?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2 });
    expect(received?.body.messages).toEqual([
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Give me insight on topic: tides' },
    ]);
    const trace = await nodeInput(server.app, test.project.id, answer.requestId, 'LLMNode_1');
    expect(trace).toMatchObject({ model: { credential_name: 'OpenAI', resolved_by: 'credential_name' } });
  });

  it('falls back to the project’s credential for the provider, then to its default model', async () => {
    const byProvider = await projectWith(
      server.app,
      [llmFlow('insight', { ...gpt4oMini, credential_name: 'Team OpenAI' })],
      [{ ...openai(), name: 'work' }],
    );
    llm.reply('from the provider credential');
    const first = await execute(server.endpoint, byProvider, 'insight', { topic: 'x' });
    expect(first.result?.answer).toBe('from the provider credential');
    const trace = await nodeInput(server.app, byProvider.project.id, first.requestId, 'LLMNode_1');
    expect(trace).toMatchObject({ model: { credential_name: 'work', resolved_by: 'provider' } });

    const local = {
      name: 'Local',
      provider: 'openai-compatible',
      baseUrl: llm.baseUrl,
      apiKey: 'sk-test',
      defaultModel: 'llama3.2',
    };
    const kit = await projectWith(server.app, await getStartedKit(), [local]);
    llm.reply('Lamatic runs flows.');
    const second = await execute(server.endpoint, kit, 'get-started', { topic: 'Lamatic' });
    expect(second.error).toBeUndefined();
    expect(second.result).toEqual({ output: 'Lamatic runs flows.' });
    expect(llm.requests.at(-1)?.body.model).toBe('llama3.2');
    expect(llm.requests.at(-1)?.body.messages).toEqual([
      { role: 'system', content: 'Give me insight on topic: Lamatic' },
    ]);
  });

  it('strips a provider segment for an OpenAI-compatible vendor and prices it (error-log-summariser’s Groq config)', async () => {
    const groq = {
      provider_name: 'groq',
      credential_name: 'Error-Groq',
      model_name: 'groq/llama-3.3-70b-versatile',
    };
    const credential = {
      name: 'Error-Groq',
      provider: 'openai-compatible',
      baseUrl: llm.baseUrl,
      apiKey: 'sk-test',
    };
    const test = await projectWith(server.app, [llmFlow('logs', groq)], [credential]);
    llm.reply({ content: 'A null pointer.', usage: { prompt_tokens: 100, completion_tokens: 100 } });
    const answer = await execute(server.endpoint, test, 'logs', { topic: 'stack trace' });
    expect(answer.result?.meta).toEqual({
      prompt_tokens: 100,
      completion_tokens: 100,
      total_tokens: 200,
      model_name: 'llama-3.3-70b-versatile',
      model_provider: 'groq',
      cost: 0.000138,
    });
    expect(llm.requests[0]?.body.model).toBe('llama-3.3-70b-versatile');
  });

  it('deploys a kit with no model configured and fails its run naming the node and what to configure', async () => {
    const test = await projectWith(server.app, await getStartedKit(), []);
    expect(test.deployed.flows.map((flow) => flow.id)).toEqual(['get-started']);
    const answer = await execute(server.endpoint, test, 'get-started', { topic: 'x' });
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions.code).toBe('WORKFLOW_FAILED');
    expect(answer.error).toContain('Node LLMNode_398 (Generate Text) failed: no model is configured');
    expect(answer.error).toContain(
      `flowgate credentials set --project ${test.project.id} --name OpenAI --provider openai`,
    );
    expect(llm.requests).toHaveLength(0);
  });

  it('names the credential the provider rejected (401), without retrying', async () => {
    const test = await projectWith(
      server.app,
      [llmFlow('insight', gpt4oMini)],
      [{ ...openai(), apiKey: 'sk-revoked' }],
    );
    const answer = await execute(server.endpoint, test, 'insight', { topic: 'x' });
    expect(answer.error).toBe(
      'Node LLMNode_1 (Generate Text) failed: credential "OpenAI" was rejected by openai (401)',
    );
    expect(answer.error).not.toContain('sk-');
  });

  it('waits out a 429 for its Retry-After and then answers', async () => {
    const test = await projectWith(server.app, [llmFlow('insight', gpt4oMini)], [openai()]);
    llm.fail(429, { retryAfter: 1 }).reply('after the wait');
    const answer = await execute(server.endpoint, test, 'insight', { topic: 'x' });
    expect(answer.result?.answer).toBe('after the wait');
    const [first, second] = llm.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('retries a 500 twice with backoff and then answers', async () => {
    const test = await projectWith(server.app, [llmFlow('insight', gpt4oMini)], [openai()]);
    llm.fail(500).fail(500).reply('third time lucky');
    const answer = await execute(server.endpoint, test, 'insight', { topic: 'x' });
    expect(answer.result?.answer).toBe('third time lucky');
    const times = llm.requests.map((request) => request.at);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(990);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(1990);
  });
});

/** kits/appeal-copilot's extraction schema, as the kit writes it (per-property `required`). */
const appealSchema = JSON.stringify({
  type: 'object',
  properties: {
    category: {
      type: 'string',
      required: true,
      enum: ['medical-necessity', 'administrative', 'coverage', 'other'],
    },
    claimNumber: { type: 'string' },
    denialReasonText: { type: 'string', required: true },
  },
});

describe('InstructorLLMNode through the GraphQL API', () => {
  const extract = () =>
    llmFlow('extract', gpt4oMini, { kind: 'InstructorLLMNode', values: { schema: appealSchema } });

  it('returns the schema’s fields at the top level with _meta', async () => {
    const test = await projectWith(server.app, [extract()], [openai()]);
    llm.reply({
      json: { category: 'medical-necessity', claimNumber: 'A88213', denialReasonText: 'not necessary' },
    });
    const answer = await execute(server.endpoint, test, 'extract', { topic: 'Claim #A88213 denied' });
    expect(answer.result?.result).toMatchObject({
      category: 'medical-necessity',
      claimNumber: 'A88213',
      denialReasonText: 'not necessary',
      _meta: { model_name: 'gpt-4o-mini', model_provider: 'openai' },
    });
    expect(llm.requests[0]?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { schema: { required: ['category', 'denialReasonText'] }, strict: false },
    });
  });

  it('repairs an answer that misses the schema once, and fails quoting the errors when the repair misses too', async () => {
    const test = await projectWith(server.app, [extract()], [openai()]);
    llm.reply(
      { json: { category: 'urgent' } },
      { json: { category: 'coverage', denialReasonText: 'out of network' } },
    );
    const repaired = await execute(server.endpoint, test, 'extract', { topic: 'x' });
    expect(repaired.result?.result).toMatchObject({
      category: 'coverage',
      denialReasonText: 'out of network',
    });
    const feedback = llm.requests[1]?.body.messages.at(-1);
    expect(feedback?.role).toBe('user');
    expect(String(feedback?.content)).toContain('the answer is missing required property "denialReasonText"');

    llm.reset();
    llm.reply('I cannot help with that.', { json: { category: 'urgent', denialReasonText: 'x' } });
    const failed = await execute(server.endpoint, test, 'extract', { topic: 'x' });
    expect(failed.error).toContain(
      "Node LLMNode_1 (Generate JSON) failed: the model's JSON did not match the schema after a repair attempt: category must be one of",
    );
    expect(llm.requests).toHaveLength(2);
  });
});
