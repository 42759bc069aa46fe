import { describe, expect, it } from 'vitest';
import { compileFlow } from '../compile/compile-flow.ts';
import { FlowValidationError } from '../errors/flow-validation-error.ts';
import { builtinNodeKinds } from './builtin-kinds.ts';
import { NodeRegistry } from './registry.ts';
import { webhookUrlProblem } from './webhook-target.ts';

const registry = new NodeRegistry(builtinNodeKinds);

function flowWith(triggerValues: Record<string, unknown>, responseValues: Record<string, unknown>) {
  return {
    id: 'hooked',
    name: 'Hooked',
    nodes: [
      { id: 'triggerNode_1', data: { nodeId: 'graphqlNode', trigger: true, values: triggerValues } },
      {
        id: 'response',
        data: { nodeId: 'graphqlResponseNode', values: { outputMapping: '{}', ...responseValues } },
      },
    ],
    edges: [{ source: 'triggerNode_1', target: 'response' }],
  };
}

function problemsOf(definition: unknown): string[] {
  try {
    compileFlow(definition, registry);
  } catch (error) {
    if (error instanceof FlowValidationError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  return [];
}

describe('webhook targets', () => {
  it('takes the response node’s webhookUrl and headers, lower-casing header names', () => {
    const compiled = compileFlow(
      flowWith(
        {},
        { webhookUrl: 'https://hooks.example.com/in', headers: '{"Authorization":"Bearer t","X-Try":3}' },
      ),
      registry,
    );
    expect(compiled.webhook).toEqual({
      url: 'https://hooks.example.com/in',
      headers: { authorization: 'Bearer t', 'x-try': '3' },
    });
  });

  it('falls back on the trigger’s, and warns when both are set and differ', () => {
    expect(compileFlow(flowWith({ webhookUrl: 'http://a.example/x' }, {}), registry).webhook?.url).toBe(
      'http://a.example/x',
    );
    const both = compileFlow(
      flowWith({ webhookUrl: 'http://a.example/x' }, { webhookUrl: 'http://b.example/y' }),
      registry,
    );
    expect(both.webhook?.url).toBe('http://b.example/y');
    expect(both.warnings.join('\n')).toMatch(/triggerNode_1: its webhookUrl is not used/);
  });

  it('has none for the empty webhookUrl real exports carry, whatever their headers say', () => {
    const compiled = compileFlow(flowWith({ webhookUrl: '', headers: 'not json' }, {}), registry);
    expect(compiled.webhook).toBeUndefined();
  });

  it('refuses at deploy what cannot be delivered: other schemes, templates, bad headers', () => {
    expect(problemsOf(flowWith({ webhookUrl: 'ftp://files.example/x' }, {}))).toEqual([
      'webhookUrl must be an http or https URL, not ftp:',
    ]);
    expect(problemsOf(flowWith({}, { webhookUrl: 'hooks.example.com' }))[0]).toMatch(/not an absolute URL/);
    expect(problemsOf(flowWith({}, { webhookUrl: '{{secrets.project.URL}}' }))[0]).toMatch(/templates/);
    expect(problemsOf(flowWith({}, { webhookUrl: 42 }))[0]).toMatch(/must be text/);
    expect(problemsOf(flowWith({}, { webhookUrl: 'https://h.example', headers: '{"a b":"x"}' }))).toEqual([
      'headers: "a b" is not a header name',
    ]);
    expect(problemsOf(flowWith({}, { webhookUrl: 'https://h.example', headers: '[1]' }))[0]).toMatch(
      /JSON object/,
    );
  });

  it('limits the URL length', () => {
    expect(webhookUrlProblem(`https://h.example/${'a'.repeat(2048)}`)).toMatch(/at most 2048/);
    expect(webhookUrlProblem('https://h.example/ok')).toBeUndefined();
  });
});
