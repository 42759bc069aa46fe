import type { NodeKind } from '../node-kind.ts';

/**
 * "End": stops its path. The node succeeds and every edge out of it is dead, so nothing after it
 * runs (those nodes are skipped). Other paths go on; the flow's result is still the response
 * node's output when that node ran, else null. It has no configuration.
 */
export const endNode: NodeKind<null> = {
  kind: 'endNode',
  role: 'step',
  compile: () => null,
  run: () => ({ output: {}, endsPath: true }),
};
