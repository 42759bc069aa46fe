import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestLlmServer } from './support/llm-server.ts';

/** The stand-in must speak what the real provider code expects; these run the AI SDK against it. */
describe('the test LLM server', () => {
  let llm: TestLlmServer;
  beforeAll(async () => {
    llm = await TestLlmServer.start({ apiKey: 'sk-test' });
  });
  afterAll(() => llm.close());

  const model = () => createOpenAI({ apiKey: 'sk-test', baseURL: llm.baseUrl }).chat('gpt-4o-mini');
  const weather = tool({
    description: 'weather in a city',
    inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }),
  });

  it('lists models and answers errors in OpenAI’s shape', async () => {
    const models = await fetch(`${llm.baseUrl}/models`, { headers: { authorization: 'Bearer sk-test' } });
    const list = (await models.json()) as { object: string; data: { id: string; object: string }[] };
    expect(list.object).toBe('list');
    expect(list.data[0]).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
    const rejected = await fetch(`${llm.baseUrl}/models`);
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key' },
    });
  });

  it('returns tool calls, as JSON and as stream chunks', async () => {
    llm.reply({ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] });
    const answer = await generateText({
      model: model(),
      prompt: 'weather?',
      tools: { weather },
      maxRetries: 0,
    });
    expect(answer.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Oslo' } }]);
    expect(answer.finishReason).toBe('tool-calls');

    llm.reply({ toolCalls: [{ name: 'weather', arguments: { city: 'Lima' } }] });
    const streamed = streamText({ model: model(), prompt: 'weather?', tools: { weather }, maxRetries: 0 });
    expect(await streamed.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Lima' } }]);
    expect(await streamed.totalUsage).toMatchObject({ inputTokens: 1 });
    expect(llm.requests.at(-1)?.body.tools).toHaveLength(1);
  });

  it('answers scripted handlers and echoes when nothing is scripted', async () => {
    llm.handle((request) => (request.body.messages.length > 1 ? 'long' : undefined));
    const echoed = await generateText({ model: model(), prompt: 'hello there', maxRetries: 0 });
    expect(echoed.text).toBe('echo: hello there');
    const handled = await generateText({
      model: model(),
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
      maxRetries: 0,
    });
    expect(handled.text).toBe('long');
  });
});
