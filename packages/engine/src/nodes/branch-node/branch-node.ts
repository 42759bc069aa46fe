import { isJsonObject, type JsonValue } from '../../json.ts';
import type { NodeKind } from '../node-kind.ts';

/**
 * "Branch": fans out in parallel. Every outgoing edge (`branchEdge`) is followed, whatever its
 * label, so the branches run concurrently and a node after them joins them. `branches[{label,
 * value}]` only names them for the canvas; the output lists the labels.
 */
export const branchNode: NodeKind<{ labels: string[] }> = {
  kind: 'branchNode',
  role: 'step',
  compile({ values, warn }) {
    const raw: unknown[] = Array.isArray(values.branches) ? values.branches : [];
    const labels = raw.map((entry, index) => {
      const label = isJsonObject(entry as JsonValue) ? (entry as Record<string, unknown>).label : undefined;
      return typeof label === 'string' && label !== '' ? label : `Branch ${index + 1}`;
    });
    if (labels.length < 2) warn('a branch node is meant to have at least two branches');
    return { labels };
  },
  run: ({ labels }) => ({ output: { branches: labels } }),
};
