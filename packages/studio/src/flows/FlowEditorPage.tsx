import type { FlowDraftView, NodeKindView } from '@flowgate/server/studio-contract';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { StudioApiError } from '../api/client.ts';
import { FlowEditor } from './FlowEditor.tsx';
import { flowApi } from './flow-api.ts';
import { NodeKindsContext } from './node-kinds-context.ts';
import '@xyflow/react/dist/style.css';
import './flows.css';

/** /projects/:projectId/flows/:flowId — loads the draft and the node kinds, then opens the editor. */
export function FlowEditorPage() {
  const { projectId = '', flowId = '' } = useParams();
  const [draft, setDraft] = useState<FlowDraftView | null>(null);
  const [kinds, setKinds] = useState<NodeKindView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setDraft(null);
    Promise.all([flowApi.get(projectId, flowId), flowApi.nodeKinds()])
      .then(([loadedDraft, loadedKinds]) => {
        if (cancelled) return;
        setDraft(loadedDraft);
        setKinds(loadedKinds);
      })
      .catch((cause: unknown) => {
        if (!cancelled) setError(cause instanceof StudioApiError ? cause.message : String(cause));
      });
    return () => {
      cancelled = true;
    };
  }, [projectId, flowId]);
  const kindMap = useMemo(() => new Map((kinds ?? []).map((kind) => [kind.kind, kind])), [kinds]);
  if (error) {
    return (
      <div className="flows-page">
        <p className="error" role="alert">
          {error}
        </p>
        <Link to={`/projects/${projectId}/flows`}>Back to flows</Link>
      </div>
    );
  }
  if (!draft || !kinds) return <p className="loading">Loading the flow…</p>;
  return (
    <NodeKindsContext.Provider value={kindMap}>
      <ReactFlowProvider>
        <FlowEditor key={draft.definition.id} projectId={projectId} draft={draft} kinds={kinds} />
      </ReactFlowProvider>
    </NodeKindsContext.Provider>
  );
}
