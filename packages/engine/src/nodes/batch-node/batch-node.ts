import { compileLoopItems, type LoopItemsConfig, loopItems } from '../for-loop-node/loop-items.ts';
import type { NodeKind } from '../node-kind.ts';

interface BatchConfig extends LoopItemsConfig {
  concurrency: number;
}

/** "Batch": like a loop, with up to `concurrencyLimit` (1–50, default 10) iterations at once. */
export const batchNode: NodeKind<BatchConfig> = {
  kind: 'batchNode',
  role: 'step',
  compile(context) {
    const raw = context.values.concurrencyLimit ?? 10;
    const concurrency = Number(raw);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
      context.problem(`concurrencyLimit must be a whole number from 1 to 50, not ${JSON.stringify(raw)}`);
    }
    return { ...compileLoopItems(context), concurrency: Number.isInteger(concurrency) ? concurrency : 10 };
  },
  run: () => {
    throw new Error('batchNode runs through its loop plan');
  },
  loop: {
    endKind: 'batchEndNode',
    items: loopItems,
    concurrency: (config) => config.concurrency,
    waitMs: (config) => config.waitMs,
  },
};

/** "Batch End": `batchOutput[i]` is `{nodeId: {output}}` of item i's body nodes, in item order. */
export const batchEndNode: NodeKind<null> = {
  kind: 'batchEndNode',
  role: 'step',
  compile: () => null,
  run: () => ({ output: { batchOutput: [] } }),
  collect: (iterations) => ({ batchOutput: [...iterations] }),
};
