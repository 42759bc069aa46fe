import { describe, expect, it } from 'vitest';
import { compileFlow } from '../compile/compile-flow.ts';
import { flow, registry, run } from './flow-fixtures.test-support.ts';

/** A loop shaped as Lamatic's Studio exports it: start → body via "Loop Start", loopEdges both ways. */
function loopFlow(
  loopValues: Record<string, unknown>,
  body: [string, string, Record<string, unknown>][],
  kind = 'forLoopNode',
) {
  const endKind = kind === 'forLoopNode' ? 'forLoopEndNode' : 'batchEndNode';
  const output = kind === 'forLoopNode' ? 'loopOutput' : 'batchOutput';
  const first = body[0]?.[0] as string;
  const last = body.at(-1)?.[0] as string;
  return flow(
    [
      ['loop', kind, { connectedTo: 'loopEnd', ...loopValues }],
      ...body,
      ['loopEnd', endKind, { connectedTo: 'loop' }],
      [
        'response',
        'graphqlResponseNode',
        { outputMapping: `{"all":"{{loopEnd.output.${output}}}","last":"{{loop.output.currentValue}}"}` },
      ],
    ],
    [
      ['triggerNode_1', 'loop'],
      ['loop', first, 'conditionEdge', { condition: 'Loop Start', invisible: true }],
      ['loop', 'loopEnd', 'loopEdge', { condition: 'Loop' }],
      ...body.slice(1).map(([id], index): [string, string] => [body[index]?.[0] as string, id]),
      [last, 'loopEnd'],
      ['loopEnd', 'loop', 'loopEdge', { condition: 'Loop' }],
      ['loopEnd', 'response'],
    ],
    '{"items":"array?","n":"int?"}',
  );
}

describe('loops', () => {
  it('runs the body once per list item, in order, and collects loopOutput', async () => {
    const definition = loopFlow({ iterateOver: 'list', iteratorValue: '{{triggerNode_1.output.items}}' }, [
      [
        'double',
        'variablesNode',
        { mapping: '{"x":{"type":"string","value":"{{loop.output.currentValue}}!"}}' },
      ],
      [
        'index',
        'variablesNode',
        {
          mapping: '{"i":{"type":"number","value":"{{loop.output.currentIndex}}"},"x":"{{double.output.x}}"}',
        },
      ],
    ]);
    const outcome = await run(definition, { items: ['a', 'b', 'c'] });
    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({
      all: [
        { double: { output: { x: 'a!' } }, index: { output: { i: 0, x: 'a!' } } },
        { double: { output: { x: 'b!' } }, index: { output: { i: 1, x: 'b!' } } },
        { double: { output: { x: 'c!' } }, index: { output: { i: 2, x: 'c!' } } },
      ],
      last: 'c',
    });
    expect(outcome.nodes.filter((node) => node.nodeId === 'double').map((node) => node.name)).toEqual([
      'double [0]',
      'double [1]',
      'double [2]',
    ]);
  });

  it('iterates a range up to, not including, its end', async () => {
    const definition = loopFlow(
      { iterateOver: 'range', initialValue: '2', endValue: '{{triggerNode_1.output.n}}', increment: '2' },
      [['v', 'variablesNode', { mapping: '{"n":{"type":"number","value":"{{loop.output.currentValue}}"}}' }]],
    );
    const outcome = await run(definition, { n: 9 });
    expect(outcome.result).toMatchObject({
      all: [2, 4, 6, 8].map((n) => ({ v: { output: { n } } })),
      last: 8,
    });
  });

  it('runs a batch concurrently up to its limit and keeps item order', async () => {
    const definition = loopFlow(
      { iterateOver: 'list', iteratorValue: '{{triggerNode_1.output.items}}', concurrencyLimit: 4 },
      [['slow', 'testDelayNode', { ms: 100, value: '{{loop.output.currentValue}}' }]],
      'batchNode',
    );
    const started = performance.now();
    const outcome = await run(definition, { items: [1, 2, 3, 4, 5, 6, 7, 8] });
    const elapsed = performance.now() - started;
    expect(outcome.error).toBeNull();
    const values = (outcome.result as { all: { slow: { output: { value: string } } }[] }).all.map(
      (i) => i.slow.output.value,
    );
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(elapsed).toBeLessThan(600);
    expect(elapsed).toBeGreaterThanOrEqual(190);
  });

  it('branches inside an iteration and skips per iteration', async () => {
    const definition = flow(
      [
        ['loop', 'forLoopNode', { connectedTo: 'loopEnd', iteratorValue: '{{triggerNode_1.output.items}}' }],
        [
          'cond',
          'conditionNode',
          {
            conditions: [
              {
                label: 'Condition 1',
                condition: JSON.stringify({
                  operator: null,
                  operands: [{ name: '{{loop.output.currentValue}}', operator: '>', value: '2' }],
                }),
              },
              { label: 'Else', condition: {} },
            ],
          },
        ],
        ['big', 'variablesNode', { mapping: '{"size":"big"}' }],
        ['small', 'variablesNode', { mapping: '{"size":"small"}' }],
        ['loopEnd', 'forLoopEndNode', { connectedTo: 'loop' }],
        ['response', 'graphqlResponseNode', { outputMapping: '{"sizes":"{{loopEnd.output.loopOutput}}"}' }],
      ],
      [
        ['triggerNode_1', 'loop'],
        ['loop', 'cond', 'conditionEdge', { condition: 'Loop Start' }],
        ['cond', 'big', 'conditionEdge', { condition: 'Condition 1' }],
        ['cond', 'small', 'conditionEdge', { condition: 'Else' }],
        ['big', 'loopEnd'],
        ['small', 'loopEnd'],
        ['loopEnd', 'loop', 'loopEdge'],
        ['loopEnd', 'response'],
      ],
      '{"items":"array"}',
    );
    const outcome = await run(definition, { items: [1, 5] });
    const sizes = (outcome.result as { sizes: Record<string, { output: { size?: string } }>[] }).sizes;
    expect(sizes.map((iteration) => (iteration.big ?? iteration.small)?.output.size)).toEqual([
      'small',
      'big',
    ]);
    expect(outcome.nodes.filter((node) => node.status === 'skipped').map((node) => node.name)).toEqual([
      'big [0]',
      'small [1]',
    ]);
  });

  it('runs nested loops', async () => {
    const definition = flow(
      [
        [
          'outer',
          'forLoopNode',
          { connectedTo: 'outerEnd', iteratorValue: '{{triggerNode_1.output.items}}' },
        ],
        ['inner', 'forLoopNode', { connectedTo: 'innerEnd', iteratorValue: '{{outer.output.currentValue}}' }],
        [
          'cell',
          'variablesNode',
          {
            mapping:
              '{"v":{"type":"string","value":"{{outer.output.currentIndex}}.{{inner.output.currentValue}}"}}',
          },
        ],
        ['innerEnd', 'forLoopEndNode', { connectedTo: 'inner' }],
        ['outerEnd', 'forLoopEndNode', { connectedTo: 'outer' }],
        [
          'response',
          'graphqlResponseNode',
          { outputMapping: '{"cells":"{{outerEnd.output.loopOutput[:].innerEnd.output.loopOutput}}"}' },
        ],
      ],
      [
        ['triggerNode_1', 'outer'],
        ['outer', 'inner', 'conditionEdge', { condition: 'Loop Start' }],
        ['inner', 'cell', 'conditionEdge', { condition: 'Loop Start' }],
        ['cell', 'innerEnd'],
        ['innerEnd', 'inner', 'loopEdge'],
        ['innerEnd', 'outerEnd'],
        ['outerEnd', 'outer', 'loopEdge'],
        ['outerEnd', 'response'],
      ],
      '{"items":"array"}',
    );
    const outcome = await run(definition, { items: [['a', 'b'], ['c']] });
    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({
      cells: [
        [{ cell: { output: { v: '0.a' } } }, { cell: { output: { v: '0.b' } } }],
        [{ cell: { output: { v: '1.c' } } }],
      ],
    });
  });

  it('fails the run naming the body node, and refuses a list that is not a list', async () => {
    const failing = loopFlow({ iteratorValue: '{{triggerNode_1.output.items}}' }, [
      ['bad', 'testDelayNode', { fail: true }],
    ]);
    const outcome = await run(failing, { items: [1, 2] });
    expect(outcome.error).toMatchObject({ nodeId: 'bad', message: 'Node bad was told to fail' });
    const notList = await run(failing, { items: 'nope' as never });
    expect(notList.error?.message).toMatch(/iteratorValue must be a list, got "nope"/);
  });

  it('loops over 1,000 items', async () => {
    const definition = loopFlow({ iteratorValue: '{{triggerNode_1.output.items}}' }, [
      ['v', 'variablesNode', { mapping: '{"x":{"type":"number","value":"{{loop.output.currentValue}}"}}' }],
    ]);
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const outcome = await run(definition, { items });
    expect((outcome.result as { all: unknown[] }).all).toHaveLength(1000);
    expect(outcome.nodes).toHaveLength(1000 + 4);
  });
});

describe('loop validation', () => {
  it('refuses a loop without its end', () => {
    const definition = flow(
      [['loop', 'forLoopNode', { iteratorValue: '{{triggerNode_1.output.items}}' }]],
      [['triggerNode_1', 'loop']],
    );
    expect(() => compileFlow(definition, registry)).toThrow(
      /node loop: the loop has no forLoopEndNode closing it/,
    );
  });
});
