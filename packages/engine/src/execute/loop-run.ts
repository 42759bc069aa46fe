import type { CompiledGraph, CompiledLoop, CompiledNode } from '../compile/compiled-flow.ts';
import { NodeFailure } from '../errors/node-failure.ts';
import type { JsonValue } from '../json.ts';
import type { NodeOutcome, NodeRunContext } from '../nodes/node-kind.ts';
import type { TemplateScope } from '../templates/template.ts';

/** What the loop runner needs of the graph run that holds the loop. */
export interface LoopHost extends TemplateScope {
  readonly state: { readonly failure: unknown };
  /** A run of `graph` (one iteration) inside this run, reading `scope`. */
  child(
    graph: CompiledGraph,
    scope: TemplateScope,
    suffix: string,
  ): { run(launch: readonly number[]): Promise<void> | undefined; outputsByNode(): JsonValue };
  setIterations(end: number, iterations: JsonValue[]): void;
}

/** More iterations than this is almost surely a mistake (a range with a wrong end). */
export const MAX_ITERATIONS = 100_000;

/**
 * Runs a loop: the body graph once per item (one after another, or `concurrency` at a time for
 * batches), each iteration seeing `{{start.output.currentValue}}` and `currentIndex`. The end node's
 * output is made from every iteration's body outputs, in item order. Returns the start node's
 * outcome, or undefined when a body node failed (that failure is the run's).
 */
export async function runLoop(
  node: CompiledNode,
  outer: LoopHost,
  context: NodeRunContext,
): Promise<NodeOutcome | undefined> {
  const loop = node.loop as CompiledLoop;
  const behaviour = node.kind.loop;
  if (!behaviour) throw new NodeFailure(node.id, `${node.kind.kind} is not a loop`);
  const items = await behaviour.items(node.config, context);
  if (items.length > MAX_ITERATIONS) {
    throw new NodeFailure(
      node.id,
      `Loop ${node.id} has ${items.length} items; the limit is ${MAX_ITERATIONS}.`,
    );
  }
  const concurrency = Math.max(1, behaviour.concurrency(node.config));
  const waitMs = behaviour.waitMs(node.config);
  const results: JsonValue[] = new Array(items.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !outer.state.failure) {
      const index = next++;
      if (index > 0 && waitMs > 0 && concurrency === 1) await sleep(waitMs, context.signal);
      results[index] = await runIteration(node, loop, outer, items[index] as JsonValue, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (outer.state.failure) return undefined;
  outer.setIterations(loop.end, results);
  const last = items.length - 1;
  return {
    output: { currentValue: items[last] ?? null, currentIndex: last, iterations: items.length },
    input: { items: items.length, concurrency },
  };
}

async function runIteration(
  node: CompiledNode,
  loop: CompiledLoop,
  outer: LoopHost,
  item: JsonValue,
  index: number,
): Promise<JsonValue> {
  const scope: TemplateScope = {
    lookup: (root) =>
      root === node.id ? { output: { currentValue: item, currentIndex: index } } : outer.lookup(root),
  };
  const iteration = outer.child(loop.body, scope, ` [${index}]`);
  await iteration.run([]);
  return iteration.outputsByNode();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
