import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmFlow, projectWith } from './support/llm-flows.ts';
import { TestLlmServer } from './support/llm-server.ts';
import { authHeaders, startTestServer, type TestServer } from './support/test-server.ts';

interface Chunk {
  status: string;
  nodeId?: string;
  data?: { generatedResponse?: string; answer?: string };
  isFlowExecutionFinished?: boolean;
}

/** Reads an SSE response as a plain client would: `data:` lines between blank lines. */
async function readFrames(response: Response): Promise<Chunk[]> {
  const frames: Chunk[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (data)
        frames.push(
          (JSON.parse(data.slice(6)) as { data: { executeWorkflowWithStream: Chunk } }).data
            .executeWorkflowWithStream,
        );
    }
  }
  return frames;
}

describe('LLM token deltas over the stream', () => {
  let server: TestServer;
  let llm: TestLlmServer;

  beforeAll(async () => {
    llm = await TestLlmServer.start();
    server = await startTestServer({ allowHosts: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await llm.close();
  });

  it('forwards each delta as the provider streams it, then the node and the flow', async () => {
    const flow = llmFlow('story', {
      provider_name: 'openai',
      model_name: 'gpt-4o-mini',
      credential_name: 'Local',
    });
    const test = await projectWith(
      server.app,
      [flow],
      [{ name: 'Local', provider: 'openai-compatible', baseUrl: llm.baseUrl, apiKey: 'k' }],
    );
    llm.reply({ content: 'Once upon a time', chunks: ['Once ', 'upon ', 'a ', 'time'] });
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders(test) },
      body: JSON.stringify({
        query: 'subscription($p: JSON!) { executeWorkflowWithStream(workflowId: "story", payload: $p) }',
        variables: { p: { topic: 'dragons' } },
      }),
    });
    const frames = await readFrames(response);
    const deltas = frames
      .filter((frame) => frame.status === 'streaming')
      .map((frame) => frame.data?.generatedResponse);
    expect(deltas).toEqual(['Once ', 'upon ', 'a ', 'time']);
    expect(llm.requests.at(-1)?.body.stream).toBe(true);
    const llmDone = frames.findIndex((frame) => frame.nodeId === 'LLMNode_1' && frame.status === 'success');
    const lastDelta = frames.findLastIndex((frame) => frame.status === 'streaming');
    expect(llmDone).toBeGreaterThan(lastDelta);
    expect(frames.at(-1)).toMatchObject({
      status: 'success',
      isFlowExecutionFinished: true,
      data: { answer: 'Once upon a time' },
    });
  });
});
