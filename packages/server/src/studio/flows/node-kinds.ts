import type { NodeRegistry } from '@flowgate/engine';
import type { NodeKindView } from '../contract.ts';
import { NODE_KIND_CATALOGUE } from './node-kind-catalogue.ts';

/** Every kind the registry runs, in its order, with the catalogue's label, category and fields. */
export function nodeKindViews(registry: NodeRegistry): NodeKindView[] {
  return registry.names().map((kind) => {
    const entry = NODE_KIND_CATALOGUE[kind];
    if (entry) return { kind, ...entry };
    const role = registry.get(kind)?.role;
    return {
      kind,
      label: kind,
      category: role === 'trigger' ? 'trigger' : role === 'response' ? 'response' : 'logic',
      description: `The ${kind} node.`,
      fields: [{ name: 'nodeName', label: 'Name', type: 'string', required: false }],
    };
  });
}
