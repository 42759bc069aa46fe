import type { NodeTraceView, RunDetail } from '@flowgate/server/studio-contract';
import { Alert } from '../ui/Alert.tsx';

interface RunErrorPanelProps {
  error: NonNullable<RunDetail['error']>;
  nodes: readonly NodeTraceView[];
  failedNodeId: string | null;
  onShowNode(nodeId: string): void;
}

/** Why the run failed, in the server's words, with the failing node named and one click away in the trace. */
export function RunErrorPanel({ error, nodes, failedNodeId, onShowNode }: RunErrorPanelProps) {
  const node = nodes.find((candidate) => candidate.nodeId === failedNodeId);
  return (
    <Alert title={`The run failed${node ? ` at “${node.name || node.nodeId}”` : ''}`}>
      <p className="run-error-message" data-testid="run-error">
        {error.message ?? 'The run failed without a message.'}
        {error.code && <span className="run-error-code"> ({error.code})</span>}
      </p>
      {failedNodeId && (
        <button type="button" className="button secondary" onClick={() => onShowNode(failedNodeId)}>
          Show {node ? `“${node.name || node.nodeId}”` : failedNodeId} in the trace
        </button>
      )}
    </Alert>
  );
}
