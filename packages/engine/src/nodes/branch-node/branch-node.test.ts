import { describe, expect, it } from 'vitest';
import { flow, run } from '../../execute/flow-fixtures.test-support.ts';

describe('branchNode', () => {
  it('runs every branch concurrently and joins them', async () => {
    for (const labelled of [true, false]) {
      const data = (label: string) => (labelled ? { condition: label, branchName: label } : undefined);
      const outcome = await run(
        flow(
          [
            [
              'fan',
              'branchNode',
              {
                branches: [
                  { label: 'Branch 1', value: 'fan-a' },
                  { label: 'Branch 2', value: 'fan-b' },
                ],
              },
            ],
            ['a', 'testDelayNode', { ms: 150, value: 'A' }],
            ['b', 'testDelayNode', { ms: 150, value: 'B' }],
            ['c', 'testDelayNode', { ms: 150, value: 'C' }],
            [
              'response',
              'graphqlResponseNode',
              { outputMapping: '{"all":"{{a.output.value}}{{b.output.value}}{{c.output.value}}"}' },
            ],
          ],
          [
            ['triggerNode_1', 'fan'],
            ['fan', 'a', 'branchEdge', data('Branch 1')],
            ['fan', 'b', 'branchEdge', data('Branch 2')],
            // An edge naming a branch the node does not list still runs (exports are not tidy).
            ['fan', 'c', 'branchEdge', { branchName: 'Branch 3' }],
            ['a', 'response'],
            ['b', 'response'],
            ['c', 'response'],
          ],
        ),
      );
      expect(outcome.status).toBe('success');
      expect(outcome.result).toEqual({ all: 'ABC' });
      expect(outcome.durationMs).toBeLessThan(400);
      expect(outcome.nodes.find((node) => node.nodeId === 'fan')?.output).toEqual({
        branches: ['Branch 1', 'Branch 2'],
      });
    }
  });
});
