import type { DeployOutcome } from './use-deploy.ts';
import './deployments.css';
import { keyedProblems } from '../flows/keyed-problems.ts';

interface Props {
  outcome: DeployOutcome;
  onDismiss(): void;
  /** When given, each problem naming a node gets a button to it. */
  onSelectNode?: (nodeId: string) => void;
}

/** The answer of a deploy: the new deployment, or why it was refused, problem by problem. */
export function DeployOutcomeView({ outcome, onDismiss, onSelectNode }: Props) {
  const failed = outcome.deployment === null;
  return (
    <div className={`deploy-outcome ${failed ? 'failed' : 'succeeded'}`} role={failed ? 'alert' : 'status'}>
      <p>
        <strong>{failed ? 'Not deployed: ' : 'Deployed. '}</strong>
        {outcome.message}
      </p>
      {outcome.problems.length > 0 && (
        <ul>
          {keyedProblems(outcome.problems).map(({ key, problem }) => (
            <li key={key} className={`problem-${problem.severity}`}>
              {problem.nodeId && <code>{problem.nodeId}</code>} {problem.message}
              {problem.nodeId && onSelectNode && (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => onSelectNode(problem.nodeId as string)}
                >
                  Select node
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button secondary small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
