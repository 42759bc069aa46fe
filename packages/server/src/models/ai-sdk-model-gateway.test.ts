import { type GenerateRequest, NodeFailure } from '@flowgate/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestLlmServer } from '../../test/support/llm-server.ts';
import type { UsableCredential } from '../credentials/credential-service.ts';
import { AiSdkModelGateway } from './ai-sdk-model-gateway.ts';
import { ModelFetch } from './model-fetch.ts';

let llm: TestLlmServer;
let modelFetch: ModelFetch;
beforeAll(async () => {
  llm = await TestLlmServer.start({ apiKey: 'sk-test' });
  modelFetch = new ModelFetch({ allowHosts: ['127.0.0.1'] });
});
afterAll(async () => {
  modelFetch.close();
  await llm.close();
});
beforeEach(() => llm.reset());

function credential(
  name: string,
  provider: UsableCredential['provider'],
  apiKey = 'sk-test',
): UsableCredential {
  return {
    name,
    provider,
    baseUrl: llm.baseUrl,
    hasApiKey: true,
    defaultModel: null,
    createdAt: 1,
    updatedAt: 1,
    readApiKey: () => apiKey,
  };
}

function gateway(credentials: UsableCredential[], fetch = modelFetch.fetch) {
  return new AiSdkModelGateway({
    credentials: { usable: async () => credentials },
    fetch,
    retry: { baseDelayMs: 50 },
  });
}

function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    projectId: 'P',
    nodeId: 'LLMNode_1',
    model: { provider_name: 'openai', credential_name: 'OpenAI', model_name: 'gpt-4o-mini' },
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello to the tides' },
    ],
    params: { temperature: 0.3, maxTokens: 100, topP: 0.5 },
    signal: new AbortController().signal,
    ...overrides,
  };
}

const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

describe('AiSdkModelGateway', () => {
  it('calls OpenAI chat completions with the credential and returns text, usage, model and cost', async () => {
    llm.reply({ content: 'Hello, tides.', usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    const result = await gateway([credential('OpenAI', 'openai')]).generate(request());
    expect(result).toEqual({
      text: 'Hello, tides.',
      usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
      modelName: 'gpt-4o-mini',
      modelProvider: 'openai',
      credential: { name: 'OpenAI', resolvedBy: 'credential_name' },
      costUsd: 0.00045,
    });
    const [received] = llm.requests;
    expect(received?.headers.authorization).toBe('Bearer sk-test');
    expect(received?.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello to the tides' },
      ],
      temperature: 0.3,
      max_tokens: 100,
      top_p: 0.5,
    });
    expect(received?.body.stream).toBeFalsy();
  });

  it('streams deltas through onDelta and reads usage from the final chunk', async () => {
    llm.reply({ content: 'one two three', usage: { prompt_tokens: 7, completion_tokens: 3 } });
    const deltas: string[] = [];
    const result = await gateway([credential('OpenAI', 'openai')]).generate(
      request({ onDelta: (text) => deltas.push(text) }),
    );
    expect(deltas).toEqual(['one ', 'two ', 'three']);
    expect(result.text).toBe('one two three');
    expect(result.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(llm.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('retries a stream that failed before its first delta, never one that already streamed', async () => {
    llm.fail(429, { retryAfter: 0 }).reply('after a retry');
    const deltas: string[] = [];
    const retried = await gateway([credential('OpenAI', 'openai')]).generate(
      request({ onDelta: (text) => deltas.push(text) }),
    );
    expect(retried.text).toBe('after a retry');
    expect(llm.requests).toHaveLength(2);

    llm.reset();
    deltas.length = 0;
    llm.reply({ content: 'one two three four', dropAfterChunks: 2 });
    const dropped = await gateway([credential('OpenAI', 'openai')])
      .generate(request({ onDelta: (text) => deltas.push(text) }))
      .catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(NodeFailure);
    expect((dropped as Error).message).toMatch(
      /^openai did not answer after 1 attempt \(last: connection reset by 127\.0\.0\.1:\d+\)$/,
    );
    expect(deltas).toEqual(['one ', 'two ']);
    expect(llm.requests).toHaveLength(1);
  });

  it('asks OpenAI for json_schema (not strict) and OpenAI-compatible endpoints for JSON mode', async () => {
    llm.reply({ json: { answer: 'yes' } }, { json: { answer: 'no' } });
    const openai = await gateway([credential('OpenAI', 'openai')]).generate(request({ schema }));
    expect(openai.text).toBe('{"answer":"yes"}');
    expect(llm.requests[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema, strict: false },
    });
    const groq = {
      provider_name: 'groq',
      credential_name: 'Error-Groq',
      model_name: 'groq/llama-3.3-70b-versatile',
    };
    const compatible = await gateway([credential('Error-Groq', 'openai-compatible')]).generate(
      request({ model: groq, schema }),
    );
    expect(compatible).toMatchObject({
      text: '{"answer":"no"}',
      modelName: 'llama-3.3-70b-versatile',
      modelProvider: 'groq',
    });
    expect(compatible.costUsd).toBeGreaterThan(0);
    expect(llm.requests[1]?.body).toMatchObject({
      model: 'llama-3.3-70b-versatile',
      response_format: { type: 'json_object' },
    });
  });

  it('hands back JSON that does not parse instead of failing (the node repairs it)', async () => {
    llm.reply('not json');
    const result = await gateway([credential('OpenAI', 'openai')]).generate(request({ schema }));
    expect(result.text).toBe('not json');
    expect(result.usage.total_tokens).toBeGreaterThan(0);
  });

  it('fails at once, not retryable, when the provider rejects the key', async () => {
    const failure = await gateway([credential('OpenAI', 'openai', 'sk-wrong')])
      .generate(request())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NodeFailure);
    expect(failure).toMatchObject({
      message: 'credential "OpenAI" was rejected by openai (401)',
      retryable: false,
      code: 'MODEL_CREDENTIAL_REJECTED',
    });
    expect(llm.requests).toHaveLength(0);
  });

  it('waits what Retry-After says on 429, then succeeds', async () => {
    llm.fail(429, { retryAfter: 1 }).reply('finally');
    const started = performance.now();
    const result = await gateway([credential('OpenAI', 'openai')]).generate(request());
    expect(result.text).toBe('finally');
    const [first, second] = llm.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('gives up after three attempts with a retryable failure, and at once on a Retry-After past the cap', async () => {
    llm.fail(500).fail(500).fail(500).reply('too late');
    const exhausted = await gateway([credential('OpenAI', 'openai')])
      .generate(request())
      .catch((error: unknown) => error);
    expect(exhausted).toMatchObject({ retryable: true, code: 'MODEL_UNAVAILABLE' });
    expect((exhausted as Error).message).toMatch(
      /^openai did not answer after 3 attempts \(last: 500: The server had an error/,
    );
    expect(llm.requests).toHaveLength(3);
    llm.reset();
    llm.fail(429, { retryAfter: 120 });
    const capped = await gateway([credential('OpenAI', 'openai')])
      .generate(request())
      .catch((error: unknown) => error);
    expect((capped as Error).message).toMatch(
      /asked to retry after 120 s .*longer than the 30 s a run waits/,
    );
    expect(llm.requests).toHaveLength(1);
  });

  it('refuses a private base URL unless allowed, and stops when the run is aborted', async () => {
    const strict = new ModelFetch({ allowHosts: [] });
    const refused = await gateway([credential('OpenAI', 'openai')], strict.fetch)
      .generate(request())
      .catch((error: unknown) => error);
    strict.close();
    expect((refused as Error).message).toContain(
      'refused: loopback address (allow it with FLOWGATE_ALLOW_HOSTS)',
    );
    expect(refused).toMatchObject({ retryable: false });
    expect(llm.requests).toHaveLength(0);

    llm.reply({ content: 'slow', delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run aborted')), 100);
    const started = performance.now();
    await expect(
      gateway([credential('OpenAI', 'openai')]).generate(request({ signal: controller.signal })),
    ).rejects.toThrow('run aborted');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
