import type { FlowProblem, RunDetail } from '@flowgate/server/studio-contract';
import { EdgeInspector } from './EdgeInspector.tsx';
import { NodeInspector } from './NodeInspector.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { TestRunPanel } from './TestRunPanel.tsx';
import type { FlowEditorState } from './use-flow-editor.ts';

export type SideTab = 'inspect' | 'test' | 'problems';

interface Props {
  tab: SideTab;
  onTab(tab: SideTab): void;
  editor: FlowEditorState;
  problems: readonly FlowProblem[];
  checking: boolean;
  onSelectNode(nodeId: string): void;
  testRun(payload: Record<string, unknown>): Promise<RunDetail>;
}

/** Beside the canvas on a wide screen, under it on a phone: the selected node, the test run, the problems. */
export function EditorSidePanel({ tab, onTab, editor, problems, checking, onSelectNode, testRun }: Props) {
  const trigger = editor.nodes.find((node) => node.data.json.data.trigger === true)?.data.json;
  const tabs: { id: SideTab; label: string }[] = [
    { id: 'inspect', label: 'Node' },
    { id: 'test', label: 'Test run' },
    { id: 'problems', label: `Problems (${problems.length})` },
  ];
  const { selectedNode, selectedEdge } = editor;
  return (
    <aside className="side-panel" aria-label="Flow details">
      <div className="side-tabs">
        {tabs.map((entry) => (
          <button
            key={entry.id}
            type="button"
            className={`side-tab${tab === entry.id ? ' active' : ''}`}
            aria-pressed={tab === entry.id}
            onClick={() => onTab(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div className="side-body">
        {tab === 'inspect' &&
          (selectedNode ? (
            <NodeInspector
              node={selectedNode}
              onValues={editor.updateValues}
              onDelete={editor.deleteSelected}
            />
          ) : selectedEdge ? (
            <EdgeInspector
              edge={selectedEdge}
              source={editor.nodes.find((node) => node.id === selectedEdge.source)?.data.json}
              onChange={editor.updateEdgeJson}
              onDelete={editor.deleteSelected}
            />
          ) : (
            <p className="muted">
              Select a node (click it, or Tab to it and press Enter) to edit it. Connect nodes by dragging
              from a node's right handle to another node's left handle. Delete removes the selection.
            </p>
          ))}
        {tab === 'test' && <TestRunPanel trigger={trigger} run={testRun} onSelectNode={onSelectNode} />}
        {tab === 'problems' && (
          <ProblemsPanel problems={problems} checking={checking} onSelectNode={onSelectNode} />
        )}
      </div>
    </aside>
  );
}
