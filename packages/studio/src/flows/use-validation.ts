import type { FlowDefinitionJson, FlowProblem } from '@flowgate/server/studio-contract';
import { useEffect, useMemo, useState } from 'react';
import { StudioApiError } from '../api/client.ts';
import { flowApi } from './flow-api.ts';

const DEBOUNCE_MS = 400;

/**
 * Validates the draft on the server a moment after each change that matters: node positions are left out
 * of the comparison, so dragging a node does not re-validate.
 */
export function useValidation(
  projectId: string,
  definition: FlowDefinitionJson,
  initial: readonly FlowProblem[],
) {
  const [problems, setProblems] = useState<readonly FlowProblem[]>(initial);
  const [checking, setChecking] = useState(false);
  const key = useMemo(
    () =>
      JSON.stringify({
        ...definition,
        nodes: definition.nodes.map(({ position: _position, ...node }) => node),
      }),
    [definition],
  );
  useEffect(() => {
    let cancelled = false;
    setChecking(true);
    const timer = setTimeout(() => {
      flowApi
        .validate(projectId, JSON.parse(key) as FlowDefinitionJson)
        .then((result) => {
          if (!cancelled) setProblems(result.problems);
        })
        .catch((cause: unknown) => {
          if (cancelled) return;
          const message = cause instanceof StudioApiError ? cause.message : String(cause);
          setProblems([{ code: 'VALIDATION_UNAVAILABLE', message, severity: 'warning' }]);
        })
        .finally(() => {
          if (!cancelled) setChecking(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [projectId, key]);
  return { problems, checking };
}
