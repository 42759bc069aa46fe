import { describe, expect, it } from 'vitest';
import {
  runFlow,
  ScriptedModelGateway,
  singleNodeFlow,
} from '../../models/scripted-model-gateway.test-support.ts';

/** Lamatic's shape: JSON text with `"required": true` inside a property (kits/appeal-copilot). */
const schema = JSON.stringify({
  type: 'object',
  properties: {
    category: { type: 'string', required: true, enum: ['medical-necessity', 'administrative', 'other'] },
    claimNumber: { type: 'string' },
    procedures: { type: 'array', items: { type: 'string' } },
  },
});

const values = {
  prompts: [
    { role: 'system', content: 'You classify denials.' },
    { role: 'user', content: 'Denial: {{triggerNode_1.output.topic}}' },
  ],
  schema,
  generativeModelName: { provider_name: 'openai', credential_name: 'OpenAI', model_name: 'gpt-4o-mini' },
};

describe('InstructorLLMNode', () => {
  it('outputs the schema fields at the top level plus _meta, sending the normalised schema', async () => {
    const models = new ScriptedModelGateway().answer('{"category":"administrative","claimNumber":"A88213"}');
    const outcome = await runFlow(singleNodeFlow('InstructorLLMNode', values), models, {
      topic: 'late filing',
    });
    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({
      out: {
        category: 'administrative',
        claimNumber: 'A88213',
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
    expect(request?.schema).toEqual({
      type: 'object',
      properties: {
        category: { type: 'string', enum: ['medical-necessity', 'administrative', 'other'] },
        claimNumber: { type: 'string' },
        procedures: { type: 'array', items: { type: 'string' } },
      },
      required: ['category'],
    });
    expect(request?.messages.map((message) => message.role)).toEqual(['system', 'system', 'user']);
    expect(request?.messages[1]?.content).toMatch(
      /^Answer with one JSON object that matches this JSON Schema/,
    );
    expect(request?.messages[2]?.content).toBe('Denial: late filing');
  });

  it('accepts JSON inside a fenced block', async () => {
    const models = new ScriptedModelGateway().answer('Here:\n```json\n{"category":"other"}\n```');
    const outcome = await runFlow(singleNodeFlow('InstructorLLMNode', values), models);
    expect(outcome.result).toMatchObject({ out: { category: 'other' } });
  });

  it('repairs once: sends the errors back and sums both calls’ usage and cost', async () => {
    const models = new ScriptedModelGateway().answer('{"category":"urgent"}', '{"category":"other"}');
    const outcome = await runFlow(singleNodeFlow('InstructorLLMNode', values), models);
    expect(outcome.error).toBeNull();
    expect(outcome.result).toMatchObject({
      out: {
        category: 'other',
        _meta: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, cost: 0.002 },
      },
    });
    const repair = models.requests[1]?.messages ?? [];
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: '{"category":"urgent"}' });
    expect(repair.at(-1)?.role).toBe('user');
    expect(repair.at(-1)?.content).toContain(
      'category must be one of ["medical-necessity","administrative","other"]',
    );
  });

  it('fails quoting what was wrong when the repair misses too', async () => {
    const models = new ScriptedModelGateway().answer('not json at all', '{"claimNumber":7}');
    const outcome = await runFlow(singleNodeFlow('InstructorLLMNode', values), models);
    expect(models.requests).toHaveLength(2);
    expect(models.requests[1]?.messages.at(-1)?.content).toContain('the answer is not JSON');
    expect(outcome.status).toBe('error');
    expect(outcome.error?.message).toContain(
      "the model's JSON did not match the schema after a repair attempt",
    );
    expect(outcome.error?.message).toContain('the answer is missing required property "category"');
    expect(outcome.error?.message).toContain('claimNumber must be string');
    expect(outcome.error?.message).toContain('The answer began: "{\\"claimNumber\\":7}"');
  });

  it('needs a usable object schema at deploy time', () => {
    expect(() => singleNodeFlow('InstructorLLMNode', { ...values, schema: '' })).toThrow(/has no schema/);
    expect(() => singleNodeFlow('InstructorLLMNode', { ...values, schema: '{"type":' })).toThrow(
      /schema is not valid JSON/,
    );
    expect(() => singleNodeFlow('InstructorLLMNode', { ...values, schema: '{"type":"string"}' })).toThrow(
      /schema must be a JSON Schema of an object/,
    );
    expect(() =>
      singleNodeFlow('InstructorLLMNode', {
        ...values,
        schema: '{"type":"object","properties":{"a":{"type":"nope"}}}',
      }),
    ).toThrow(/not a usable JSON Schema/);
  });
});
