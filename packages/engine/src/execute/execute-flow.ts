import type { CompiledFlow } from '../compile/compiled-flow.ts';
import type { JsonValue } from '../json.ts';
import type { RunIdentity } from '../nodes/node-kind.ts';
import type { TemplateScope } from '../templates/template.ts';
import type { EngineServices } from './engine-services.ts';
import { GraphRun, type RunState } from './graph-run.ts';
import { LazyAbort } from './lazy-abort.ts';
import type { RunObserver, RunOutcome } from './run-outcome.ts';

export interface RunRequest {
  requestId: string;
  projectId: string;
  payload: JsonValue;
  signal?: AbortSignal;
  observer?: RunObserver;
  /** Set for runs started by a flowNode: how deep the call chain is. */
  depth?: number;
  /** Smart Retries: outputs of the nodes that succeeded in the failed attempt, reused as they are. */
  resume?: ReadonlyMap<string, JsonValue>;
}

/**
 * Runs a compiled flow from its trigger. The first node failure stops scheduling, aborts nodes in
 * flight and fails the run; the outcome holds every node's record either way.
 */
export async function executeFlow(
  flow: CompiledFlow,
  request: RunRequest,
  services: EngineServices,
): Promise<RunOutcome> {
  const startedAt = Date.now();
  const started = performance.now();
  const secrets = flow.usesSecrets ? await services.secrets.forProject(request.projectId) : undefined;
  const identity: RunIdentity = {
    requestId: request.requestId,
    projectId: request.projectId,
    flowId: flow.id,
    payload: request.payload,
    depth: request.depth ?? 0,
  };
  const abort = new LazyAbort();
  request.signal?.addEventListener('abort', () => abort.abort(request.signal?.reason), { once: true });
  const state: RunState = {
    records: [],
    failure: null,
    abort,
    services,
    identity,
    observer: request.observer,
  };
  const root = new GraphRun(flow.graph, state, secretScope(secrets), '', request.resume);
  await root.run([flow.trigger.index]);
  const responseId = flow.responseNode?.id;
  return {
    status: state.failure ? 'error' : 'success',
    result: state.failure || responseId === undefined ? null : (root.output(responseId) ?? null),
    nodes: state.records,
    error: state.failure,
    startedAt,
    durationMs: performance.now() - started,
  };
}

/** `{{secrets.project.NAME}}` and `{{env.NAME}}` read the project's secrets. */
function secretScope(secrets: Readonly<Record<string, string>> | undefined): TemplateScope {
  return {
    lookup(root) {
      if (!secrets) return undefined;
      if (root === 'secrets') return { project: secrets };
      return root === 'env' ? secrets : undefined;
    },
  };
}
