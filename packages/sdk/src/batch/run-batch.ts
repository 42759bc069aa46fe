import type { CallScope } from '../http/call-scope.ts';
import type { GraphqlTransport } from '../http/graphql-transport.ts';
import type { BatchOptions, BatchOutcome } from './batch-types.ts';
import { type IndexedItem, runRequestBatch } from './request-batch.ts';
import { runServerBatch } from './server-batch.ts';

/** Runs every item, by requests or server batches as `via` says; outcomes in input order. */
export async function runBatch(
  transport: GraphqlTransport,
  scope: CallScope,
  items: readonly { workflowId: string; payload: unknown }[],
  options: BatchOptions,
): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome | undefined>(items.length);
  const record = (index: number, outcome: BatchOutcome) => {
    outcomes[index] = outcome;
  };
  const byFlow = new Map<string, IndexedItem[]>();
  items.forEach((item, index) => {
    const group = byFlow.get(item.workflowId) ?? [];
    group.push({ ...item, index });
    byFlow.set(item.workflowId, group);
  });
  const via = options.via ?? 'auto';
  const threshold = options.serverBatchFrom ?? 100;
  const single: IndexedItem[] = [];
  const work: Promise<void>[] = [];
  for (const [workflowId, group] of byFlow) {
    const server = via === 'server' || (via === 'auto' && group.length >= threshold);
    if (server) work.push(runServerBatch(transport, scope, workflowId, group, record, options));
    else single.push(...group);
  }
  if (single.length > 0) work.push(runRequestBatch(transport, scope, single, record, options));
  await Promise.all(work);
  return outcomes.map((outcome, index) => {
    if (outcome === undefined) throw new Error(`batch item ${index} has no outcome: a bug in @flowgate/sdk`);
    return outcome;
  });
}
