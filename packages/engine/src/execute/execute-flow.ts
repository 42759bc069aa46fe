import type { CompiledFlow, CompiledNode } from '../compile/compiled-flow.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { JsonValue } from '../json.ts';
import type { NodeOutcome, NodeRunContext, RunIdentity } from '../nodes/node-kind.ts';
import type { TemplateScope } from '../templates/template.ts';
import type { EngineServices } from './engine-services.ts';
import type { NodeRecord, RunFailure, RunObserver, RunOutcome } from './run-outcome.ts';

export interface RunRequest {
  requestId: string;
  projectId: string;
  payload: JsonValue;
  signal?: AbortSignal;
  observer?: RunObserver;
}

/**
 * Runs a compiled flow. A node starts once every parent edge is resolved and at least one of them
 * is live; a node whose incoming edges are all dead (its parents were skipped or took another
 * branch) is skipped, which propagates. Independent branches run concurrently. The first node
 * failure stops scheduling, aborts nodes in flight and fails the run.
 */
export async function executeFlow(
  flow: CompiledFlow,
  request: RunRequest,
  services: EngineServices,
): Promise<RunOutcome> {
  const secrets = flow.usesSecrets ? await services.secrets.forProject(request.projectId) : undefined;
  const run = new FlowRun(flow, request, services, secrets);
  return run.start();
}

class FlowRun implements TemplateScope {
  private readonly outputs = new Map<string, JsonValue>();
  private readonly pending: number[];
  private readonly live: number[];
  private readonly records: NodeRecord[] = [];
  private readonly abort = new AbortController();
  private readonly identity: RunIdentity;
  private failure: RunFailure | null = null;
  private inFlight = 0;
  private finish: () => void = () => {};

  constructor(
    private readonly flow: CompiledFlow,
    private readonly request: RunRequest,
    private readonly services: EngineServices,
    private readonly secrets: Readonly<Record<string, string>> | undefined,
  ) {
    this.pending = flow.nodes.map((node) => node.incoming);
    this.live = flow.nodes.map(() => 0);
    this.identity = {
      requestId: request.requestId,
      projectId: request.projectId,
      flowId: flow.id,
      payload: request.payload,
    };
    request.signal?.addEventListener('abort', () => this.abort.abort(request.signal?.reason), { once: true });
  }

  lookup(root: string): JsonValue | undefined {
    const output = this.outputs.get(root);
    if (output !== undefined) return { output };
    if (this.secrets && (root === 'secrets' || root === 'env')) {
      return root === 'secrets' ? { project: this.secrets } : this.secrets;
    }
    return undefined;
  }

  async start(): Promise<RunOutcome> {
    const startedAt = Date.now();
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    this.launch(this.flow.trigger);
    await done;
    const responseId = this.flow.responseNode?.id;
    return {
      status: this.failure ? 'error' : 'success',
      result: this.failure || responseId === undefined ? null : (this.outputs.get(responseId) ?? null),
      nodes: this.records,
      error: this.failure,
      startedAt,
      durationMs: performance.now() - started,
    };
  }

  private launch(node: CompiledNode): void {
    this.inFlight++;
    void this.runNode(node).finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) this.finish();
    });
  }

  private async runNode(node: CompiledNode): Promise<void> {
    const startedAt = Date.now();
    const started = performance.now();
    let outcome: NodeOutcome;
    try {
      this.abort.signal.throwIfAborted();
      outcome = await node.kind.run(node.config, this.contextFor(node));
    } catch (error) {
      this.fail(node, error, startedAt, performance.now() - started);
      return;
    }
    if (this.failure) return;
    this.outputs.set(node.id, outcome.output);
    this.record({
      nodeId: node.id,
      kind: node.kind.kind,
      name: node.name,
      status: 'success',
      input: outcome.input ?? null,
      output: outcome.output,
      error: null,
      startedAt,
      durationMs: performance.now() - started,
      logs: outcome.logs ?? [],
    });
    for (const edge of node.outgoing) {
      const taken = !node.branching || (outcome.branches?.includes(edge.label as string) ?? false);
      this.resolveEdge(edge.target, taken);
    }
  }

  private contextFor(node: CompiledNode): NodeRunContext {
    return {
      nodeId: node.id,
      scope: this,
      services: this.services,
      signal: this.abort.signal,
      run: this.identity,
    };
  }

  private resolveEdge(target: number, taken: boolean): void {
    if (this.failure) return;
    if (taken) this.live[target] = (this.live[target] ?? 0) + 1;
    const remaining = (this.pending[target] ?? 0) - 1;
    this.pending[target] = remaining;
    if (remaining > 0) return;
    const node = this.flow.nodes[target] as CompiledNode;
    if ((this.live[target] ?? 0) > 0) this.launch(node);
    else this.skip(node);
  }

  private skip(node: CompiledNode): void {
    this.record({
      nodeId: node.id,
      kind: node.kind.kind,
      name: node.name,
      status: 'skipped',
      input: null,
      output: null,
      error: null,
      startedAt: null,
      durationMs: null,
      logs: [],
    });
    for (const edge of node.outgoing) this.resolveEdge(edge.target, false);
  }

  private fail(node: CompiledNode, error: unknown, startedAt: number, durationMs: number): void {
    const failure = describeFailure(node, error);
    this.record({
      nodeId: node.id,
      kind: node.kind.kind,
      name: node.name,
      status: 'error',
      input: null,
      output: null,
      error: failure.message,
      startedAt,
      durationMs,
      logs: [],
    });
    if (this.failure) return;
    this.failure = failure;
    this.abort.abort(new EngineError('RUN_ABORTED', `another node failed: ${failure.message}`));
  }

  private record(record: NodeRecord): void {
    this.records.push(record);
    this.request.observer?.onNodeFinished?.(record);
  }
}

function describeFailure(node: CompiledNode, error: unknown): RunFailure {
  const message = error instanceof Error ? error.message : String(error);
  const named = message.includes(node.id) ? message : `Node ${node.id} (${node.name}) failed: ${message}`;
  if (error instanceof EngineError) {
    return { code: error.code, message: named, nodeId: node.id, retryable: error.retryable };
  }
  return { code: 'NODE_FAILED', message: named, nodeId: node.id, retryable: false };
}
