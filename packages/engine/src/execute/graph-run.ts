import type { CompiledEdge, CompiledGraph, CompiledNode } from '../compile/compiled-flow.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { JsonValue } from '../json.ts';
import type { NodeOutcome, NodeRunContext, RunIdentity } from '../nodes/node-kind.ts';
import type { TemplateScope } from '../templates/template.ts';
import type { EngineServices } from './engine-services.ts';
import type { LazyAbort } from './lazy-abort.ts';
import { type LoopHost, runLoop } from './loop-run.ts';
import type { NodeRecord, RunFailure, RunObserver } from './run-outcome.ts';

/** What every graph of one run shares: the trace, the first failure, the abort signal. */
export interface RunState {
  readonly records: NodeRecord[];
  failure: RunFailure | null;
  readonly abort: LazyAbort;
  readonly services: EngineServices;
  readonly identity: RunIdentity;
  readonly observer: RunObserver | undefined;
}

/**
 * One execution of a graph: the flow's outer graph, or one iteration of a loop body. A node starts
 * once every edge into it is resolved and at least one is live; a node whose edges are all dead
 * (parents skipped, or another branch taken) is skipped, which propagates. Independent branches
 * run concurrently. Templates read this graph's outputs first, then the enclosing scope.
 */
export class GraphRun implements LoopHost {
  private readonly outputs = new Map<string, JsonValue>();
  private readonly pending: number[];
  private readonly live: number[];
  /** Loop-end nodes' inputs: every iteration's body outputs, set when the loop finishes (loops only). */
  private iterations: Map<number, JsonValue[]> | undefined;
  private inFlight = 0;
  /** Nodes ready to start, and whether a loop is starting them now (see startReady). */
  private readonly ready: CompiledNode[] = [];
  private starting = false;
  /** Resolves `run`'s promise; set by `run`. */
  private finish: (() => void) | undefined;

  constructor(
    private readonly graph: CompiledGraph,
    readonly state: RunState,
    private readonly parent: TemplateScope,
    /** Appended to node names in the trace, e.g. ` [3]` inside a loop's fourth iteration. */
    private readonly suffix: string,
    /** Outputs of nodes that succeeded in a failed earlier attempt (Smart Retries): not run again. */
    private readonly resume?: ReadonlyMap<string, JsonValue>,
  ) {
    this.pending = graph.nodes.map((node) => node.incoming);
    this.live = graph.nodes.map(() => 0);
  }

  lookup(root: string): JsonValue | undefined {
    const output = this.outputs.get(root);
    return output !== undefined ? { output } : this.parent.lookup(root);
  }

  output(nodeId: string): JsonValue | undefined {
    return this.outputs.get(nodeId);
  }

  /** Every node's output, as a loop iteration reports it: `{nodeId: {output}}`. */
  outputsByNode(): JsonValue {
    const result: Record<string, JsonValue> = {};
    for (const [id, output] of this.outputs) result[id] = { output };
    return result;
  }

  /**
   * Starts `launch` (the trigger) or the graph's entry edges (a loop body). Undefined when the graph
   * is done already (every node answered at once), else a promise of its end.
   */
  run(launch: readonly number[]): Promise<void> | undefined {
    this.inFlight++;
    for (const index of launch) this.launch(this.graph.nodes[index] as CompiledNode);
    for (const edge of this.graph.entryEdges) this.resolveEdge(edge.target, true);
    this.startReady();
    this.inFlight--;
    if (this.inFlight === 0) return undefined;
    return new Promise<void>((resolve) => {
      this.finish = resolve;
    });
  }

  private settle(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.finish?.();
  }

  /** Queues a node to start: `startReady` starts it, once every edge that became resolved is followed. */
  private launch(node: CompiledNode): void {
    this.inFlight++;
    this.ready.push(node);
  }

  /**
   * Starts the queued nodes in the order they became ready, level by level as when each waited a
   * tick, but without the tick: a node that answers at once queues its successors behind the nodes
   * already ready, and this loop starts them. No recursion, so a long chain cannot overflow the stack.
   */
  private startReady(): void {
    if (this.starting) return;
    this.starting = true;
    try {
      for (let next = this.ready.shift(); next !== undefined; next = this.ready.shift()) {
        void this.runNode(next);
      }
    } finally {
      this.starting = false;
    }
  }

  /** Settles its launch itself: no `.finally` promise per node. */
  private async runNode(node: CompiledNode): Promise<void> {
    const startedAt = Date.now();
    const started = performance.now();
    let outcome: NodeOutcome | undefined;
    try {
      try {
        this.state.abort.throwIfAborted();
        const reused = this.reusable(node);
        if (reused !== undefined) outcome = { output: reused, logs: REUSED_LOGS };
        else if (node.loop) outcome = await runLoop(node, this, this.contextFor(node));
        else if (node.kind.collect)
          outcome = { output: node.kind.collect(this.iterations?.get(node.index) ?? []) };
        else {
          // Most kinds answer at once: awaiting only a promise saves a tick per node.
          const ran = node.kind.run(node.config, this.contextFor(node));
          outcome = ran instanceof Promise ? await ran : ran;
        }
      } catch (error) {
        this.fail(node, error, startedAt, performance.now() - started);
        return;
      }
      if (this.state.failure || !outcome) return;
      this.outputs.set(node.id, outcome.output);
      const { output, input, logs } = outcome;
      this.record(node, 'success', output, input ?? null, null, logs, startedAt, performance.now() - started);
      for (const edge of node.outgoing) this.follow(node, edge, outcome);
      this.startReady();
    } finally {
      this.settle();
    }
  }

  child(graph: CompiledGraph, scope: TemplateScope, suffix: string): GraphRun {
    return new GraphRun(graph, this.state, scope, suffix);
  }

  /** A resumed output for a plain step; triggers, branches and loops always run again. */
  private reusable(node: CompiledNode): JsonValue | undefined {
    if (!this.resume || node.kind.role !== 'step' || node.branching || node.loop || node.kind.collect)
      return undefined;
    return this.resume.get(node.id);
  }

  /** Called by the loop runner when a loop finished: its end node's input. */
  setIterations(end: number, iterations: JsonValue[]): void {
    this.iterations ??= new Map();
    this.iterations.set(end, iterations);
  }

  contextFor(node: CompiledNode): NodeRunContext {
    return new NodeContext(node.id, this, this.state);
  }

  private follow(node: CompiledNode, edge: CompiledEdge, outcome: NodeOutcome): void {
    const taken =
      !outcome.endsPath && (!node.branching || (outcome.branches?.includes(edge.label as string) ?? false));
    this.resolveEdge(edge.target, taken);
  }

  private resolveEdge(target: number, taken: boolean): void {
    if (this.state.failure) return;
    if (taken) this.live[target] = (this.live[target] ?? 0) + 1;
    const remaining = (this.pending[target] ?? 0) - 1;
    this.pending[target] = remaining;
    if (remaining > 0) return;
    const node = this.graph.nodes[target] as CompiledNode;
    if ((this.live[target] ?? 0) > 0) this.launch(node);
    else this.skip(node);
  }

  private skip(node: CompiledNode): void {
    this.record(node, 'skipped', null, null, null, undefined, null, null);
    for (const edge of node.outgoing) this.resolveEdge(edge.target, false);
  }

  private fail(node: CompiledNode, error: unknown, startedAt: number, durationMs: number): void {
    if (isAbortAfterFailure(error, this.state)) return;
    const failure = describeFailure(node, error);
    this.record(node, 'error', null, null, failure.message, undefined, startedAt, durationMs);
    if (this.state.failure) return;
    this.state.failure = failure;
    this.state.abort.abort(new EngineError('RUN_ABORTED', `another node failed: ${failure.message}`));
  }

  /** Positional, not an options object: this runs once per node of every run. */
  private record(
    node: CompiledNode,
    status: NodeRecord['status'],
    output: JsonValue | null,
    input: JsonValue | null,
    error: string | null,
    logs: readonly string[] | undefined,
    startedAt: number | null,
    durationMs: number | null,
  ): void {
    const record: NodeRecord = {
      nodeId: node.id,
      kind: node.kind.kind,
      name: this.suffix === '' ? node.name : node.name + this.suffix,
      status,
      input,
      output,
      error,
      startedAt,
      durationMs,
      logs: logs ?? NO_LOGS,
    };
    this.state.records.push(record);
    this.state.observer?.onNodeFinished?.(record);
  }
}

const NO_LOGS: readonly string[] = Object.freeze([]);
const REUSED_LOGS: readonly string[] = Object.freeze(['output reused from the failed attempt']);

/**
 * What a node sees of its run. A class, so the lazy `signal` getter lives on the prototype: an object
 * literal with a getter is built on V8's slow path, once per node of every run.
 */
class NodeContext implements NodeRunContext {
  readonly services: EngineServices;
  readonly run: RunIdentity;
  readonly onDelta: ((text: string) => void) | undefined;

  constructor(
    readonly nodeId: string,
    readonly scope: TemplateScope,
    private readonly state: RunState,
  ) {
    this.services = state.services;
    this.run = state.identity;
    const observer = state.observer;
    this.onDelta = observer?.onDelta ? (text) => observer.onDelta?.(nodeId, text) : undefined;
  }

  get signal(): AbortSignal {
    return this.state.abort.signal;
  }
}

/** A node stopped because another one failed first: that failure is the run's, not this node's. */
function isAbortAfterFailure(error: unknown, state: RunState): boolean {
  return state.failure !== null && error === state.abort.reason;
}

function describeFailure(node: CompiledNode, error: unknown): RunFailure {
  const message = error instanceof Error ? error.message : String(error);
  const named = message.includes(node.id) ? message : `Node ${node.id} (${node.name}) failed: ${message}`;
  if (error instanceof EngineError) {
    return { code: error.code, message: named, nodeId: node.id, retryable: error.retryable };
  }
  return { code: 'NODE_FAILED', message: named, nodeId: node.id, retryable: false };
}
