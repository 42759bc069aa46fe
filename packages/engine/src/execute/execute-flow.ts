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
  return runFlow(flow, request, services);
}

/**
 * `executeFlow` that answers with the outcome itself, not a promise, when no node had to wait (and
 * the flow reads no secrets): a flow of variables, conditions and templates is done within the call.
 */
export function runFlow(
  flow: CompiledFlow,
  request: RunRequest,
  services: EngineServices,
): RunOutcome | Promise<RunOutcome> {
  const startedAt = Date.now();
  const started = performance.now();
  if (!flow.usesSecrets) return runGraph(flow, request, services, undefined, startedAt, started);
  return services.secrets
    .forProject(request.projectId)
    .then((secrets) => runGraph(flow, request, services, secrets, startedAt, started));
}

function runGraph(
  flow: CompiledFlow,
  request: RunRequest,
  services: EngineServices,
  secrets: Readonly<Record<string, string>> | undefined,
  startedAt: number,
  started: number,
): RunOutcome | Promise<RunOutcome> {
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
  const running = root.run([flow.trigger.index]);
  if (running === undefined) return outcomeOf(flow, state, root, startedAt, started);
  return running.then(() => outcomeOf(flow, state, root, startedAt, started));
}

function outcomeOf(
  flow: CompiledFlow,
  state: RunState,
  root: GraphRun,
  startedAt: number,
  started: number,
): RunOutcome {
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
