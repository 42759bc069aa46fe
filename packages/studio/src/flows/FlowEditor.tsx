import type { FlowDraftView, NodeKindView, RunDetail } from '@flowgate/server/studio-contract';
import {
  Background,
  Controls,
  MiniMap,
  type OnSelectionChangeParams,
  ReactFlow,
  useReactFlow,
  useUpdateNodeInternals,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { StudioApiError } from '../api/client.ts';
import { useProject } from '../app/Layout.tsx';
import { DeployOutcomeView } from '../deployments/DeployOutcomeView.tsx';
import { useDeploy } from '../deployments/use-deploy.ts';
import { flowDirection } from './auto-layout.ts';
import { EditorSidePanel, type SideTab } from './EditorSidePanel.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { FlowNodeCard } from './FlowNodeCard.tsx';
import { flowApi } from './flow-api.ts';
import { NODE_SIZE } from './flow-graph.ts';
import { NodePalette } from './NodePalette.tsx';
import { FlowDirectionContext } from './node-kinds-context.ts';
import { useFlowEditor } from './use-flow-editor.ts';
import { READABLE_ZOOM, useReadableViewport } from './use-readable-viewport.ts';
import { useValidation } from './use-validation.ts';

const NODE_TYPES = { flowgate: FlowNodeCard };

interface Props {
  projectId: string;
  draft: FlowDraftView;
  kinds: readonly NodeKindView[];
}

/** The canvas, its toolbar, the palette and the side panel (node form, test run, problems). */
export function FlowEditor({ projectId, draft, kinds }: Props) {
  const editor = useFlowEditor(draft.definition);
  const { problems, checking } = useValidation(projectId, editor.definition, draft.problems);
  const { setProblems, setTraces, select, markSaved, addNode, tidyUp } = editor;
  const reactFlow = useReactFlow();
  const canvas = useRef<HTMLElement>(null);
  const showReadably = useReadableViewport(canvas);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [tab, setTab] = useState<SideTab>('inspect');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { deploying, outcome, deploy, dismiss } = useDeploy(projectId);
  const { reload: reloadProject } = useProject();
  const flowId = draft.definition.id;
  const direction = useMemo(() => flowDirection(editor.nodes, editor.edges), [editor.nodes, editor.edges]);
  const updateNodeInternals = useUpdateNodeInternals();
  const nodeIds = editor.nodes.map((node) => node.id).join(' ');
  // Handles move to other sides when the direction flips: React Flow must measure them again.
  useEffect(() => {
    if (direction && nodeIds) updateNodeInternals(nodeIds.split(' '));
  }, [direction, nodeIds, updateNodeInternals]);

  useEffect(() => setProblems(problems), [problems, setProblems]);

  const save = useCallback(async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await flowApi.save(projectId, editor.definition);
      markSaved(saved.definition);
    } catch (cause) {
      setSaveError(cause instanceof StudioApiError ? cause.message : String(cause));
      throw cause;
    } finally {
      setSaving(false);
    }
  }, [projectId, editor.definition, markSaved]);

  const saveIfDirty = useCallback(async () => {
    if (editor.dirty) await save();
  }, [editor.dirty, save]);

  const focusNode = useCallback(
    (nodeId: string) => {
      select(nodeId);
      setTab('inspect');
      void reactFlow.fitView({ nodes: [{ id: nodeId }], duration: 200, maxZoom: 1.2 });
      requestAnimationFrame(() => {
        document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)?.focus();
      });
    },
    [select, reactFlow],
  );

  const testRun = useCallback(
    async (payload: Record<string, unknown>): Promise<RunDetail> => {
      await saveIfDirty();
      const detail = await flowApi.testRun(projectId, flowId, payload);
      setTraces(detail.nodes);
      return detail;
    },
    [saveIfDirty, projectId, flowId, setTraces],
  );

  const tidy = useCallback(() => {
    tidyUp();
    requestAnimationFrame(showReadably);
  }, [tidyUp, showReadably]);

  const add = useCallback(
    (kind: NodeKindView) => {
      const json = addNode(kind);
      setTab('inspect');
      const { x, y } = json.position ?? { x: 0, y: 0 };
      const zoom = Math.max(reactFlow.getZoom(), READABLE_ZOOM);
      void reactFlow.setCenter(x + NODE_SIZE.width / 2, y + NODE_SIZE.height / 2, { zoom, duration: 200 });
    },
    [addNode, reactFlow],
  );

  // Clicking, Enter on a focused node, a problem's button: whatever selects something shows it.
  const showSelection = useCallback((selection: OnSelectionChangeParams) => {
    if (selection.nodes.length + selection.edges.length > 0) setTab('inspect');
  }, []);

  useEffect(() => {
    if (!editor.dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [editor.dirty]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save().catch(() => undefined);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  const hasSelection = editor.selectedNode !== undefined || editor.selectedEdge !== undefined;
  return (
    <div className="flow-editor">
      <EditorToolbar
        projectId={projectId}
        flowId={flowId}
        name={draft.definition.name}
        dirty={editor.dirty}
        saving={saving}
        deploying={deploying}
        paletteOpen={paletteOpen}
        hasSelection={hasSelection}
        onSave={() => void save().catch(() => undefined)}
        onTogglePalette={() => setPaletteOpen((open) => !open)}
        onTidy={tidy}
        onDeleteSelected={editor.deleteSelected}
        onDeploy={() => void deploy(saveIfDirty).then((deployment) => deployment && reloadProject())}
      />
      {saveError && (
        <p className="field-error" role="alert">
          Not saved: {saveError}
        </p>
      )}
      {outcome && <DeployOutcomeView outcome={outcome} onDismiss={dismiss} onSelectNode={focusNode} />}
      <div className={`editor-body${paletteOpen ? ' with-palette' : ''}`}>
        {paletteOpen && <NodePalette kinds={kinds} onAdd={add} />}
        <section className="canvas" aria-label="Flow canvas" ref={canvas}>
          <FlowDirectionContext.Provider value={direction}>
            <ReactFlow
              nodes={editor.nodes}
              edges={editor.edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={editor.onNodesChange}
              onEdgesChange={editor.onEdgesChange}
              onConnect={editor.onConnect}
              onSelectionChange={showSelection}
              deleteKeyCode={['Delete', 'Backspace']}
              minZoom={0.2}
              maxZoom={1.5}
            >
              <Background gap={16} />
              <Controls />
              <MiniMap pannable zoomable ariaLabel="Overview of the whole flow" />
            </ReactFlow>
          </FlowDirectionContext.Provider>
        </section>
        <EditorSidePanel
          tab={tab}
          onTab={setTab}
          editor={editor}
          problems={problems}
          checking={checking}
          onSelectNode={focusNode}
          testRun={testRun}
        />
      </div>
    </div>
  );
}
