import { FlowgateError } from '../errors/flowgate-error.ts';
import { RateLimitError } from '../errors/rate-limit-error.ts';
import type { CallScope } from '../http/call-scope.ts';
import type { GraphqlTransport } from '../http/graphql-transport.ts';
import { executeOnce } from '../runs/run-requests.ts';
import { AdaptiveGate } from './adaptive-gate.ts';
import type { BatchOptions, BatchOutcome } from './batch-types.ts';

export interface IndexedItem {
  index: number;
  workflowId: string;
  payload: unknown;
}

/**
 * One executeWorkflow per item, at most `concurrency` at once, pacing itself on 429 (AdaptiveGate):
 * a refused item goes back to the front of the queue with its Idempotency-Key, so it still runs once.
 */
export async function runRequestBatch(
  transport: GraphqlTransport,
  scope: CallScope,
  items: readonly IndexedItem[],
  record: (index: number, outcome: BatchOutcome) => void,
  options: BatchOptions,
): Promise<void> {
  const gate = new AdaptiveGate(Math.max(1, options.concurrency ?? 8), scope);
  const queue = items.map((item) => ({ item, idempotencyKey: globalThis.crypto.randomUUID() }));
  const lane = async () => {
    for (;;) {
      await gate.enter();
      const next = queue.shift();
      if (next === undefined) return gate.leave(false);
      let succeeded = false;
      try {
        const { workflowId, payload, index } = next.item;
        const request = { field: 'executeWorkflow' as const, id: workflowId, payload, throwRateLimits: true };
        const done = await executeOnce(transport, scope, { ...request, idempotencyKey: next.idempotencyKey });
        record(index, { ok: true, ...done });
        succeeded = true;
      } catch (error) {
        if (error instanceof RateLimitError && error.retryAfterMs <= maxWait(transport)) {
          queue.unshift(next);
          gate.slowDown(error.retryAfterMs);
          options.onRateLimited?.({ retryAfterMs: error.retryAfterMs, concurrency: gate.concurrency });
        } else if (error instanceof FlowgateError && scope.stopped() === undefined) {
          record(next.item.index, { ok: false, error });
        } else throw error;
      } finally {
        gate.leave(succeeded);
      }
    }
  };
  const lanes = Math.min(items.length, Math.max(1, options.concurrency ?? 8));
  await Promise.all(Array.from({ length: lanes }, lane));
}

function maxWait(transport: GraphqlTransport): number {
  return transport.retryOptions.maxRetryAfterMs;
}
