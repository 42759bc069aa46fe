import { bigPayloadFlow, chainFlow, loopFlow } from './flows.ts';

export interface EngineCase {
  name: string;
  flow: unknown;
  payload: unknown;
  /** Checks the result; throws when the flow did not run correctly. */
  verify(result: unknown): void;
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 200)}`,
    );
  }
}

const MIB = 1024 * 1024;

export const ENGINE_CASES: EngineCase[] = [
  {
    name: 'flow of 100 nodes',
    flow: chainFlow(100),
    payload: { n: 7 },
    verify: (result) => expectEqual(result, { n: 7, last: 'step 97' }, '100-node chain'),
  },
  {
    name: 'loop over 1,000 items',
    flow: loopFlow(),
    payload: { items: Array.from({ length: 1000 }, (_, value) => ({ value })) },
    verify: (result) => expectEqual(result, { count: 1000, last: 999 }, 'loop'),
  },
  {
    name: '1 MiB payload',
    flow: bigPayloadFlow(),
    payload: { text: 'x'.repeat(MIB) },
    verify: (result) => expectEqual(result, { length: MIB }, '1 MiB payload'),
  },
];
