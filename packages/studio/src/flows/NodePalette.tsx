import type { NodeKindView } from '@flowgate/server/studio-contract';
import { kindIcon } from './node-kinds-context.ts';

const CATEGORY_ORDER: NodeKindView['category'][] = [
  'trigger',
  'ai',
  'logic',
  'data',
  'integration',
  'response',
];
const CATEGORY_LABELS: Record<NodeKindView['category'], string> = {
  trigger: 'Triggers',
  ai: 'AI',
  logic: 'Logic',
  data: 'Data',
  integration: 'Integrations',
  response: 'Responses',
};

interface Props {
  kinds: readonly NodeKindView[];
  onAdd(kind: NodeKindView): void;
}

/** Every node kind the server offers, grouped; a button adds one next to the selected node. */
export function NodePalette({ kinds, onAdd }: Props) {
  return (
    <nav className="palette" id="node-palette" aria-label="Add a node">
      <h2>Add a node</h2>
      {CATEGORY_ORDER.map((category) => {
        const inCategory = kinds.filter((kind) => kind.category === category);
        if (inCategory.length === 0) return null;
        return (
          <div key={category} className="palette-group">
            <h3>{CATEGORY_LABELS[category]}</h3>
            <ul>
              {inCategory.map((kind) => (
                <li key={kind.kind}>
                  <button
                    type="button"
                    className="palette-item"
                    title={kind.description}
                    onClick={() => onAdd(kind)}
                    data-kind={kind.kind}
                  >
                    <span aria-hidden="true">{kindIcon(kind)}</span> {kind.label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
