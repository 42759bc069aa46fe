import { describe, expect, it } from 'vitest';
import { FlowValidationError } from '../../errors/flow-validation-error.ts';
import { NodeFailure } from '../../errors/node-failure.ts';
import {
  runFlow,
  ScriptedModelGateway,
  singleNodeFlow,
} from '../../models/scripted-model-gateway.test-support.ts';

const modelConfig = {
  generativeModelName: [
    {
      configName: 'configA',
      type: 'generator/text',
      provider_name: 'openai',
      credential_name: 'OpenAI',
      model_name: 'gpt-4o-mini',
      params: { temperature: 0.2, max_tokens: '300', top_p: 0.9 },
    },
  ],
};

describe('LLMNode', () => {
  it('renders the prompts, sends them with the model config and outputs generatedResponse and _meta', async () => {
    const models = new ScriptedModelGateway().answer('Insight about tides.');
    const flow = singleNodeFlow('LLMNode', {
      prompts: [
        { id: '1', role: 'system', content: 'You are terse.' },
        { id: '2', role: 'user', content: 'Give me insight on topic: {{triggerNode_1.output.topic}}' },
      ],
      messages: '[]',
      temperature: '0.5',
      generativeModelName: modelConfig,
    });
    const outcome = await runFlow(flow, models, { topic: 'tides' });
    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({
      out: {
        generatedResponse: 'Insight about tides.',
        _meta: {
          prompt_tokens: 10,
          completion_tokens: 5,
          total_tokens: 15,
          model_name: 'gpt-4o-mini',
          model_provider: 'openai',
          cost: 0.001,
        },
      },
    });
    const [request] = models.requests;
    expect(request?.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Give me insight on topic: tides' },
    ]);
    expect(request?.model).toEqual({
      provider_name: 'openai',
      credential_name: 'OpenAI',
      model_name: 'gpt-4o-mini',
      params: { temperature: 0.2, max_tokens: '300', top_p: 0.9 },
    });
    // The node's own temperature wins over the config's.
    expect(request?.params).toEqual({ temperature: 0.5, maxTokens: 300, topP: 0.9 });
    expect(request?.projectId).toBe('p1');
    expect(request?.nodeId).toBe('node_1');
    const trace = outcome.nodes.find((node) => node.nodeId === 'node_1')?.input;
    expect(trace).toMatchObject({
      messages: request?.messages,
      model: { model_name: 'gpt-4o-mini', credential_name: 'OpenAI', resolved_by: 'credential_name' },
    });
  });

  it('deploys a placeholder model config with a warning and asks for the default model at run time', async () => {
    const models = new ScriptedModelGateway().answer('ok');
    const flow = singleNodeFlow('LLMNode', {
      prompts: [{ role: 'system', content: 'Give me insight on topic: {{triggerNode_1.output.topic}}' }],
      memories: '@model-configs/get-started_generate-text.ts',
      messages: '@model-configs/get-started_generate-text.ts',
      generativeModelName: '@model-configs/get-started_generate-text.ts',
    });
    expect(flow.warnings.join('\n')).toMatch(/placeholder \(@model-configs\/get-started_generate-text\.ts\)/);
    await runFlow(flow, models, { topic: 'AI' });
    expect(models.requests[0]?.model).toBeUndefined();
    expect(models.requests[0]?.placeholder).toBe('@model-configs/get-started_generate-text.ts');
    expect(models.requests[0]?.messages).toEqual([
      { role: 'system', content: 'Give me insight on topic: AI' },
    ]);
  });

  it('accepts the older systemPrompt/promptTemplate form and prior messages from a template', async () => {
    const models = new ScriptedModelGateway().answer('fine');
    const flow = singleNodeFlow(
      'LLMNode',
      {
        systemPrompt: 'Be kind.',
        promptTemplate: 'And now: {{triggerNode_1.output.question}}',
        messages: '{{triggerNode_1.output.history}}',
        generativeModelName: { provider_name: 'anthropic', model_name: 'claude-3-5-haiku-latest' },
      },
      '{"question":"string","history":"string"}',
    );
    const history = JSON.stringify([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ]);
    await runFlow(flow, models, { question: 'How are you?', history });
    expect(models.requests[0]?.messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'And now: How are you?' },
    ]);
  });

  it('streams deltas to the run observer only when someone listens', async () => {
    const models = new ScriptedModelGateway().answer('one two three', 'quiet');
    const flow = singleNodeFlow('LLMNode', { prompts: [{ role: 'user', content: 'count' }] });
    const deltas: [string, string][] = [];
    await runFlow(flow, models, {}, { onDelta: (nodeId, text) => deltas.push([nodeId, text]) });
    expect(deltas).toEqual([
      ['node_1', 'one '],
      ['node_1', 'two '],
      ['node_1', 'three'],
    ]);
    await runFlow(flow, models);
    expect(models.requests[1]?.onDelta).toBeUndefined();
  });

  it('fails the run with the gateway’s failure, naming the node', async () => {
    const models = new ScriptedModelGateway().answer(
      new NodeFailure('node_1', 'credential "OpenAI" was rejected by openai (401)'),
    );
    const flow = singleNodeFlow('LLMNode', { prompts: [{ role: 'user', content: 'hi' }] });
    const outcome = await runFlow(flow, models);
    expect(outcome.status).toBe('error');
    expect(outcome.error?.message).toBe(
      'Node node_1 (Model) failed: credential "OpenAI" was rejected by openai (401)',
    );
  });

  it('lists every problem at deploy time', () => {
    const compile = () =>
      singleNodeFlow('LLMNode', {
        prompts: [{ role: 'narrator', content: 'x' }],
        temperature: 'warm',
        generativeModelName: { provider_name: 'openai', model_name: 42 },
      });
    expect(compile).toThrow(FlowValidationError);
    expect(compile).toThrow(/prompts\[0\] needs a role/);
    expect(compile).toThrow(/temperature must be a number, got "warm"/);
    expect(compile).toThrow(/generativeModelName.model_name must be text/);
    expect(() => singleNodeFlow('LLMNode', { messages: '[]' })).toThrow(/the node has no prompt/);
  });

  it('refuses to call the model when every prompt renders empty', async () => {
    const models = new ScriptedModelGateway();
    const flow = singleNodeFlow('LLMNode', {
      prompts: [{ role: 'user', content: '{{triggerNode_1.output.topic}}' }],
    });
    const outcome = await runFlow(flow, models, {});
    expect(outcome.error?.message).toMatch(/every prompt rendered empty/);
    expect(models.requests).toHaveLength(0);
  });
});
