export type TopologicalOrder = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/** Kahn's algorithm, stable in the input order of ids; reports one cycle when there is one. */
export function orderTopologically(
  ids: readonly string[],
  edges: readonly (readonly [string, string])[],
): TopologicalOrder {
  const indegree = new Map(ids.map((id) => [id, 0]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [source, target] of edges) {
    children.get(source)?.push(target);
    indegree.set(target, (indegree.get(target) ?? 0) + 1);
  }
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const child of children.get(id) ?? []) {
      const remaining = (indegree.get(child) ?? 0) - 1;
      indegree.set(child, remaining);
      if (remaining === 0) ready.push(child);
    }
  }
  if (order.length === ids.length) return { ok: true, order };
  return {
    ok: false,
    cycle: findCycle(
      ids.filter((id) => (indegree.get(id) ?? 0) > 0),
      children,
    ),
  };
}

function findCycle(candidates: readonly string[], children: ReadonlyMap<string, string[]>): string[] {
  const remaining = new Set(candidates);
  const path: string[] = [];
  let current = candidates[0];
  while (current !== undefined && !path.includes(current)) {
    path.push(current);
    current = (children.get(current) ?? []).find((child) => remaining.has(child));
  }
  return current === undefined ? path : [...path.slice(path.indexOf(current)), current];
}
