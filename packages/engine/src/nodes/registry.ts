import type { NodeKind } from './node-kind.ts';

/**
 * The node kinds a deployment may use, by `data.nodeId`. Explicit: a kind exists because it is
 * listed where the registry is built, and a lookup that fails names the kinds that exist.
 */
export class NodeRegistry {
  private readonly kinds = new Map<string, NodeKind<unknown>>();

  constructor(kinds: readonly NodeKind<unknown>[]) {
    for (const kind of kinds) {
      if (this.kinds.has(kind.kind)) throw new Error(`Node kind ${kind.kind} is registered twice`);
      this.kinds.set(kind.kind, kind);
    }
  }

  get(kind: string): NodeKind<unknown> | undefined {
    return this.kinds.get(kind);
  }

  names(): string[] {
    return [...this.kinds.keys()].sort();
  }
}
