import { describe, expect, it } from 'vitest';
import { compileFlow } from '../compile/compile-flow.ts';
import { FlowValidationError } from '../errors/flow-validation-error.ts';
import { executeFlow } from './execute-flow.ts';
import { branchingFlow, flow, registry, run, services } from './flow-fixtures.test-support.ts';

describe('executeFlow', () => {
  it('follows the branch that holds, skips the others and joins', async () => {
    for (const labelled of [true, false]) {
      const outcome = await run(branchingFlow(labelled), { x: 'b' });
      expect(outcome.status).toBe('success');
      expect(outcome.result).toEqual({ joined: 'B', x: 'b' });
      const status = Object.fromEntries(outcome.nodes.map((node) => [node.nodeId, node.status]));
      expect(status).toMatchObject({
        onA: 'skipped',
        other: 'skipped',
        onB: 'success',
        afterB: 'success',
        join: 'success',
      });
    }
  });

  it('takes Else when nothing holds, comparing loosely', async () => {
    expect((await run(branchingFlow(true), { x: 'zzz' })).result).toEqual({ joined: 'other', x: 'zzz' });
  });

  it('starts nodes that answer at once level by level, as they became ready', async () => {
    const step = (id: string) => [
      id,
      'variablesNode',
      { mapping: `{"id":{"type":"string","value":"${id}"}}` },
    ];
    const definition = flow(
      [
        step('a'),
        step('b'),
        step('afterA'),
        ['response', 'graphqlResponseNode', { outputMapping: '{}' }],
      ] as never,
      [
        ['triggerNode_1', 'a'],
        ['triggerNode_1', 'b'],
        ['a', 'afterA'],
        ['afterA', 'response'],
        ['b', 'response'],
      ] as never,
    );
    const outcome = await run(definition);
    expect(outcome.nodes.map((node) => node.nodeId)).toEqual([
      'triggerNode_1',
      'a',
      'b',
      'afterA',
      'response',
    ]);
    // The same after a node that waited: its successors start together, then theirs.
    const afterWait = flow(
      [
        ['wait', 'testDelayNode', { ms: 5 }],
        step('a'),
        step('b'),
        step('afterA'),
        ['response', 'graphqlResponseNode', { outputMapping: '{}' }],
      ] as never,
      [
        ['triggerNode_1', 'wait'],
        ['wait', 'a'],
        ['wait', 'b'],
        ['a', 'afterA'],
        ['afterA', 'response'],
        ['b', 'response'],
      ] as never,
    );
    expect((await run(afterWait)).nodes.map((node) => node.nodeId)).toEqual([
      'triggerNode_1',
      'wait',
      'a',
      'b',
      'afterA',
      'response',
    ]);
  });

  it('runs a long chain of nodes that answer at once without overflowing the stack', async () => {
    const length = 4_000;
    const steps = Array.from({ length }, (_, index) => [
      `v${index}`,
      'variablesNode',
      { mapping: `{"n":{"type":"string","value":"${index}"}}` },
    ]);
    const edges = steps.map((step, index) => [index === 0 ? 'triggerNode_1' : `v${index - 1}`, step[0]]);
    const definition = flow(
      [
        ...steps,
        ['response', 'graphqlResponseNode', { outputMapping: `{"last":"{{v${length - 1}.output.n}}"}` }],
      ] as never,
      [...edges, [`v${length - 1}`, 'response']] as never,
    );
    const outcome = await run(definition);
    expect(outcome.status).toBe('success');
    expect(outcome.result).toEqual({ last: String(length - 1) });
    expect(outcome.nodes).toHaveLength(length + 2);
  });

  it('runs independent branches concurrently', async () => {
    const definition = flow(
      [
        ['slow1', 'testDelayNode', { ms: 150, value: '1' }],
        ['slow2', 'testDelayNode', { ms: 150, value: '2' }],
        [
          'response',
          'graphqlResponseNode',
          { outputMapping: '{"a":"{{slow1.output.value}}","b":"{{slow2.output.value}}"}' },
        ],
      ],
      [
        ['triggerNode_1', 'slow1'],
        ['triggerNode_1', 'slow2'],
        ['slow1', 'response'],
        ['slow2', 'response'],
      ],
    );
    const outcome = await run(definition);
    expect(outcome.result).toEqual({ a: '1', b: '2' });
    expect(outcome.durationMs).toBeLessThan(280);
  });

  it('fails the run naming the node, and keeps the trace of what ran', async () => {
    const definition = flow(
      [
        ['ok', 'testDelayNode', { value: 'fine' }],
        ['bad', 'testDelayNode', { fail: true }],
        ['response', 'graphqlResponseNode', { outputMapping: '{}' }],
      ],
      [
        ['triggerNode_1', 'ok'],
        ['ok', 'bad'],
        ['bad', 'response'],
      ],
    );
    const outcome = await run(definition);
    expect(outcome.status).toBe('error');
    expect(outcome.result).toBeNull();
    expect(outcome.error).toMatchObject({
      nodeId: 'bad',
      code: 'NODE_FAILED',
      message: 'Node bad was told to fail',
    });
    expect(outcome.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['triggerNode_1', 'success'],
      ['ok', 'success'],
      ['bad', 'error'],
    ]);
  });

  it('runs a trigger → variables → response flow with types and secrets', async () => {
    const definition = flow(
      [
        [
          'vars',
          'variablesNode',
          {
            mapping: JSON.stringify({
              n: { type: 'number', value: '{{triggerNode_1.output.n}}' },
              auth: { type: 'string', value: 'Bearer {{secrets.project.TOKEN}}' },
            }),
          },
        ],
        ['response', 'graphqlResponseNode', { outputMapping: '{"vars":"{{vars.output}}"}' }],
      ],
      [
        ['triggerNode_1', 'vars'],
        ['vars', 'response'],
      ],
      '{"n":"string"}',
    );
    const outcome = await run(definition, { n: '41' });
    expect(outcome.result).toEqual({ vars: { n: 41, auth: 'Bearer abc' } });
  });

  it('lets a response edge carry control when it is the only way in', async () => {
    const definition = flow(
      [['response', 'graphqlResponseNode', { outputMapping: '{"echo":"{{triggerNode_1.output}}"}' }]],
      [['triggerNode_1', 'response', 'responseEdge']],
    );
    expect((await run(definition, { x: 'hi' })).result).toEqual({ echo: { x: 'hi' } });
  });
});

describe('compileFlow', () => {
  function problemsOf(definition: unknown): string {
    try {
      compileFlow(definition, registry);
    } catch (error) {
      if (error instanceof FlowValidationError) return error.message;
      throw error;
    }
    throw new Error('expected the flow to be refused');
  }

  it('refuses unknown kinds naming the node and the kinds that exist', () => {
    const message = problemsOf(flow([['mystery_1', 'quantumNode']], [['triggerNode_1', 'mystery_1']]));
    expect(message).toContain('node mystery_1: unknown node kind "quantumNode"');
    expect(message).toContain('graphqlResponseNode');
  });

  it('lists every problem at once', () => {
    const message = problemsOf(
      flow(
        [
          ['a', 'conditionNode', { conditions: [] }],
          ['b', 'graphqlResponseNode', { outputMapping: '{not json' }],
        ],
        [
          ['triggerNode_1', 'a'],
          ['a', 'ghost'],
        ],
        '{"x":"wat"}',
      ),
    );
    expect(message).toContain('node a: conditions is empty');
    expect(message).toContain('node b: outputMapping is not valid JSON');
    expect(message).toContain('names unknown node ghost');
    expect(message).toContain('unknown type "wat"');
  });

  it('refuses cycles and a missing trigger', () => {
    expect(
      problemsOf(
        flow(
          [
            ['a', 'testDelayNode'],
            ['b', 'testDelayNode'],
          ],
          [
            ['triggerNode_1', 'a'],
            ['a', 'b'],
            ['b', 'a'],
          ],
        ),
      ),
    ).toContain('cycle through a → b → a');
    expect(
      problemsOf({
        id: 'f',
        name: 'f',
        nodes: [{ id: 'x', data: { nodeId: 'testDelayNode', values: {} } }],
        edges: [],
      }),
    ).toContain('no trigger');
  });

  it('ignores canvas placeholders and warns about references to missing nodes', () => {
    const compiled = compileFlow(
      flow(
        [
          ['plus-node-addNode_1', 'addNode'],
          ['response', 'graphqlResponseNode', { outputMapping: '{"a":"{{ghostNode.output.x}}"}' }],
        ],
        [
          ['triggerNode_1', 'response'],
          ['response', 'plus-node-addNode_1'],
        ],
      ),
      registry,
    );
    expect(compiled.warnings[0]).toContain('ghostNode');
    expect(compiled.triggerDescription.responseMode).toBe('realtime');
  });
});

describe('flowNode', () => {
  const caller = (flowId: string) =>
    flow(
      [
        ['call', 'flowNode', { flowId, requestInput: '{"text":"{{triggerNode_1.output.x}}","n":2}' }],
        ['response', 'graphqlResponseNode', { outputMapping: '{"got":"{{call.output.flowOutput}}"}' }],
      ],
      [
        ['triggerNode_1', 'call'],
        ['call', 'response'],
      ],
    );

  it('runs another flow with the rendered requestInput and returns its result as flowOutput', async () => {
    const outcome = await run(caller('echo'), { x: 'hello' });
    expect(outcome.result).toEqual({ got: { echoed: { text: 'hello', n: 2 }, depth: 1 } });
  });

  it('fails naming the node and the called flow', async () => {
    const outcome = await run(caller('missing'), { x: 'hello' });
    expect(outcome.error?.message).toBe('Node call: flow missing failed: no flow missing');
  });
});

describe('resuming a failed run (Smart Retries)', () => {
  it('reuses the outputs of steps that succeeded and runs the rest', async () => {
    const definition = flow(
      [
        ['first', 'testDelayNode', { value: 'fresh {{triggerNode_1.output.x}}' }],
        ['second', 'testDelayNode', { value: '{{first.output.value}} then second' }],
        ['response', 'graphqlResponseNode', { outputMapping: '{"v":"{{second.output.value}}"}' }],
      ],
      [
        ['triggerNode_1', 'first'],
        ['first', 'second'],
        ['second', 'response'],
      ],
    );
    const outcome = await executeFlow(
      compileFlow(definition, registry),
      {
        requestId: 'r',
        projectId: 'p',
        payload: { x: '1' },
        resume: new Map([['first', { value: 'kept' }]]),
      },
      services,
    );
    expect(outcome.result).toEqual({ v: 'kept then second' });
    expect(outcome.nodes.find((node) => node.nodeId === 'first')?.logs).toEqual([
      'output reused from the failed attempt',
    ]);
  });
});
