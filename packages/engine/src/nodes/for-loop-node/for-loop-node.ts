import type { NodeKind } from '../node-kind.ts';
import { compileLoopItems, type LoopItemsConfig, loopItems } from './loop-items.ts';

/**
 * "Loop": runs the nodes between it and its forLoopEndNode once per item, one after another.
 * Inside, `{{forLoopNode_1.output.currentValue}}` is the item and `currentIndex` its position.
 */
export const forLoopNode: NodeKind<LoopItemsConfig> = {
  kind: 'forLoopNode',
  role: 'step',
  compile: compileLoopItems,
  run: () => {
    throw new Error('forLoopNode runs through its loop plan');
  },
  loop: {
    endKind: 'forLoopEndNode',
    items: loopItems,
    concurrency: () => 1,
    waitMs: (config) => config.waitMs,
  },
};

/** "Loop End": `loopOutput[i]` is `{nodeId: {output}}` of iteration i's body nodes. */
export const forLoopEndNode: NodeKind<null> = {
  kind: 'forLoopEndNode',
  role: 'step',
  compile: () => null,
  run: () => ({ output: { loopOutput: [] } }),
  collect: (iterations) => ({ loopOutput: [...iterations] }),
};
