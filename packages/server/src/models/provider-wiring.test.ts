import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateRequest } from '@flowgate/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsableCredential } from '../credentials/credential-service.ts';
import { AiSdkModelGateway } from './ai-sdk-model-gateway.ts';
import { ModelFetch } from './model-fetch.ts';

/**
 * Anthropic and Google speak their own protocols; these minimal stand-ins answer one non-streamed
 * call each, enough to check the wiring: the endpoint, the key header, the user turn, usage and cost.
 */
interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: http.Server;
let baseUrl: string;
const seen: Seen[] = [];
const modelFetch = new ModelFetch({ allowHosts: ['127.0.0.1'] });

beforeAll(async () => {
  server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = request.url ?? '';
    seen.push({ path, headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(path.endsWith('/messages') ? anthropicAnswer : googleAnswer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  modelFetch.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const anthropicAnswer = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-3-5-haiku-20241022',
  content: [{ type: 'text', text: 'Hi from Claude.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1000, output_tokens: 100 },
};

const googleAnswer = {
  candidates: [
    { content: { parts: [{ text: 'Hi from Gemini.' }], role: 'model' }, finishReason: 'STOP', index: 0 },
  ],
  usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 100, totalTokenCount: 1100 },
};

function gateway(provider: UsableCredential['provider'], path: string) {
  const credential: UsableCredential = {
    name: provider,
    provider,
    baseUrl: `${baseUrl}${path}`,
    hasApiKey: true,
    defaultModel: null,
    createdAt: 1,
    updatedAt: 1,
    readApiKey: () => `${provider}-key`,
  };
  return new AiSdkModelGateway({
    credentials: { usable: async () => [credential] },
    fetch: modelFetch.fetch,
  });
}

const request = (provider_name: string, model_name: string): GenerateRequest => ({
  projectId: 'P',
  nodeId: 'LLMNode_1',
  model: { provider_name, model_name, credential_name: provider_name },
  // kits/get-started: a system prompt and nothing else.
  messages: [{ role: 'system', content: 'Give me insight on topic: AI' }],
  params: { maxTokens: 50 },
  signal: new AbortController().signal,
});

describe('provider wiring', () => {
  it('calls Anthropic’s Messages API with x-api-key and a user turn', async () => {
    const result = await gateway('anthropic', '/v1').generate(
      request('anthropic', 'claude-3-5-haiku-latest'),
    );
    expect(result).toMatchObject({ text: 'Hi from Claude.', modelProvider: 'anthropic', costUsd: 0.0012 });
    const call = seen.at(-1);
    expect(call?.path).toBe('/v1/messages');
    expect(call?.headers['x-api-key']).toBe('anthropic-key');
    expect(call?.body).toMatchObject({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 50,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Give me insight on topic: AI' }] }],
    });
  });

  it('calls Gemini’s generateContent with x-goog-api-key', async () => {
    const result = await gateway('google', '/v1beta').generate(request('gemini', 'gemini/gemini-2.5-flash'));
    expect(result).toMatchObject({
      text: 'Hi from Gemini.',
      modelName: 'gemini-2.5-flash',
      modelProvider: 'gemini',
    });
    expect(result.costUsd).toBeCloseTo(0.00055);
    const call = seen.at(-1);
    expect(call?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(call?.headers['x-goog-api-key']).toBe('google-key');
    expect(call?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Give me insight on topic: AI' }] }],
    });
  });
});
