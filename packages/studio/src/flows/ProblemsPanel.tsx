import type { FlowProblem } from '@flowgate/server/studio-contract';
import { keyedProblems } from './keyed-problems.ts';

interface Props {
  problems: readonly FlowProblem[];
  checking: boolean;
  onSelectNode(nodeId: string): void;
}

/** What the server's validation found in the draft, each with a button to the node it is about. */
export function ProblemsPanel({ problems, checking, onSelectNode }: Props) {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">
        Problems{' '}
        <span className="muted" aria-live="polite">
          {checking
            ? 'checking…'
            : problems.length === 0
              ? 'none — ready to deploy'
              : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`}
        </span>
      </h2>
      {problems.length > 0 && (
        <ul className="problem-list">
          {keyedProblems(problems).map(({ key, problem }) => (
            <li key={key} className={`problem-${problem.severity}`}>
              <span className="problem-code">{problem.code}</span> {problem.message}
              {problem.nodeId && (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => onSelectNode(problem.nodeId as string)}
                >
                  Select {problem.nodeId}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
