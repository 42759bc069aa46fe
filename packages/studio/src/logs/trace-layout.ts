import type { NodeTraceView } from '@flowgate/server/studio-contract';

export interface TraceBar {
  node: NodeTraceView;
  /** Start after the run's origin, ms; null when the node did not run (skipped) or nothing is known. */
  offsetMs: number | null;
  /** Share of the timeline, 0…1: where the bar starts and how wide it is. */
  left: number;
  width: number;
  /** True when the node has no recorded start and is placed after the previous node. */
  estimated: boolean;
}

export interface TraceLayout {
  origin: number;
  totalMs: number;
  bars: TraceBar[];
}

/**
 * Places each node on the run's timeline: from its recorded start and duration; a node with a duration but no
 * start goes after the node before it (marked estimated); a skipped node gets no bar. The timeline spans the
 * run (from its creation) and every node, whichever is longer.
 */
export function layoutTrace(
  nodes: readonly NodeTraceView[],
  createdAt: number,
  runDurationMs: number | null,
): TraceLayout {
  const sorted = [...nodes].sort((a, b) => a.position - b.position);
  const starts = sorted.flatMap((node) => (node.startedAt === null ? [] : [node.startedAt]));
  const origin = Math.min(createdAt, ...starts);
  let cursor = 0;
  const placed = sorted.map((node) => {
    const duration = node.durationMs ?? 0;
    if (node.status === 'skipped' && node.startedAt === null)
      return { node, offsetMs: null, duration, estimated: false };
    const estimated = node.startedAt === null;
    const offsetMs = estimated ? cursor : (node.startedAt as number) - origin;
    cursor = Math.max(cursor, offsetMs + duration);
    return { node, offsetMs, duration, estimated };
  });
  const totalMs = Math.max(1, runDurationMs ?? 0, cursor);
  return {
    origin,
    totalMs,
    bars: placed.map(({ node, offsetMs, duration, estimated }) => ({
      node,
      offsetMs,
      left: offsetMs === null ? 0 : Math.min(1, offsetMs / totalMs),
      width: offsetMs === null ? 0 : Math.min(1 - Math.min(1, offsetMs / totalMs), duration / totalMs),
      estimated,
    })),
  };
}
