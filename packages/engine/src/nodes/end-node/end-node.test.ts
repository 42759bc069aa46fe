import { describe, expect, it } from 'vitest';
import { flow, run } from '../../execute/flow-fixtures.test-support.ts';

const statuses = (nodes: readonly { nodeId: string; status: string }[]) =>
  Object.fromEntries(nodes.map((node) => [node.nodeId, node.status]));

describe('endNode', () => {
  it('ends its path: what follows is skipped, other paths go on, the run succeeds', async () => {
    const outcome = await run(
      flow(
        [
          ['end', 'endNode'],
          ['afterEnd', 'testDelayNode', { value: 'should not run' }],
          ['other', 'testDelayNode', { ms: 30, value: 'other' }],
          [
            'response',
            'graphqlResponseNode',
            { outputMapping: '{"other":"{{other.output.value}}","after":"{{afterEnd.output.value}}"}' },
          ],
        ],
        [
          ['triggerNode_1', 'end'],
          ['end', 'afterEnd'],
          ['afterEnd', 'response'],
          ['triggerNode_1', 'other'],
          ['other', 'response'],
        ],
      ),
    );
    expect(outcome.status).toBe('success');
    expect(outcome.result).toEqual({ other: 'other', after: null });
    expect(statuses(outcome.nodes)).toMatchObject({
      end: 'success',
      afterEnd: 'skipped',
      other: 'success',
      response: 'success',
    });
  });

  it('leaves the result null when the response node was only reachable through it', async () => {
    const outcome = await run(
      flow(
        [
          ['end', 'endNode'],
          ['response', 'graphqlResponseNode', { outputMapping: '{"a":1}' }],
        ],
        [
          ['triggerNode_1', 'end'],
          ['end', 'response'],
        ],
      ),
    );
    expect(outcome.status).toBe('success');
    expect(outcome.result).toBeNull();
    expect(statuses(outcome.nodes)).toMatchObject({ end: 'success', response: 'skipped' });
  });

  it('ends only the branch a condition sent it down', async () => {
    const conditions = [
      {
        label: 'Condition 1',
        condition: JSON.stringify({
          operator: null,
          operands: [{ name: '{{triggerNode_1.output.x}}', operator: '==', value: 'stop' }],
        }),
      },
      { label: 'Else', condition: {} },
    ];
    const definition = flow(
      [
        ['cond', 'conditionNode', { conditions }],
        ['end', 'endNode'],
        ['work', 'testDelayNode', { value: 'worked' }],
        ['response', 'graphqlResponseNode', { outputMapping: '{"work":"{{work.output.value}}"}' }],
      ],
      [
        ['triggerNode_1', 'cond'],
        ['cond', 'end', 'conditionEdge', { condition: 'Condition 1' }],
        ['cond', 'work', 'conditionEdge', { condition: 'Else' }],
        ['work', 'response'],
        ['triggerNode_1', 'response', 'responseEdge'],
      ],
    );
    const stopped = await run(definition, { x: 'stop' });
    expect(stopped.status).toBe('success');
    expect(statuses(stopped.nodes)).toMatchObject({ end: 'success', work: 'skipped', response: 'skipped' });
    expect((await run(definition, { x: 'go' })).result).toEqual({ work: 'worked' });
  });
});
