import type { JsonValue } from '../json.ts';

export type NodeStatus = 'success' | 'error' | 'skipped';

/** One node's part in a run, as the trace and `checkStatus` show it. */
export interface NodeRecord {
  nodeId: string;
  kind: string;
  name: string;
  status: NodeStatus;
  input: JsonValue | null;
  output: JsonValue | null;
  error: string | null;
  /** Epoch ms; null for skipped nodes. */
  startedAt: number | null;
  durationMs: number | null;
  logs: readonly string[];
}

export interface RunFailure {
  code: string;
  message: string;
  nodeId: string | null;
  retryable: boolean;
}

export interface RunOutcome {
  status: 'success' | 'error';
  /** The response node's output; null when the flow has none or failed before it. */
  result: JsonValue | null;
  /** In the order the nodes finished. */
  nodes: NodeRecord[];
  error: RunFailure | null;
  startedAt: number;
  durationMs: number;
}

/** Receives each node's record as soon as it finishes (streaming, live traces). */
export interface RunObserver {
  onNodeFinished?(record: NodeRecord): void;
  /** A piece of a node's text output as it is produced (LLM tokens). */
  onDelta?(nodeId: string, text: string): void;
}
