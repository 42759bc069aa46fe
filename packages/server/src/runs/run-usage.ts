import { isJsonObject, type JsonValue, type NodeRecord } from '@flowgate/engine';

export interface Usage {
  totalTokens: number | null;
  costUsd: number | null;
}

const NO_USAGE: Usage = Object.freeze({ totalTokens: null, costUsd: null });

/** Tokens and cost a node reported in its output's `_meta` (LLM nodes), or nulls. */
export function nodeUsage(output: JsonValue | null): Usage {
  const meta = isJsonObject(output) ? output._meta : undefined;
  // Most nodes report nothing: one shared answer, no object per node of every run.
  if (!isJsonObject(meta)) return NO_USAGE;
  const tokens = meta.total_tokens;
  const cost = meta.cost;
  return {
    totalTokens: typeof tokens === 'number' ? tokens : null,
    costUsd: typeof cost === 'number' ? cost : null,
  };
}

/** A run's totals: the sum over its nodes (loop iterations included); null when no node reported. */
export function runUsage(nodes: readonly NodeRecord[]): Usage {
  let totalTokens: number | null = null;
  let costUsd: number | null = null;
  for (const node of nodes) {
    const usage = nodeUsage(node.output);
    if (usage.totalTokens !== null) totalTokens = (totalTokens ?? 0) + usage.totalTokens;
    if (usage.costUsd !== null) costUsd = (costUsd ?? 0) + usage.costUsd;
  }
  return { totalTokens, costUsd };
}
