import type { FlowDefinition } from '../flow/flow-definition.ts';
import type { NodeKind, TriggerDescription } from '../nodes/node-kind.ts';
import type { WebhookTarget } from '../nodes/webhook-target.ts';

/** A flow checked and prepared once per deployment; the executor only reads it. */
export interface CompiledFlow {
  readonly id: string;
  readonly name: string;
  readonly definition: FlowDefinition;
  /** The outer graph; loop bodies hang off their loop-start nodes. */
  readonly graph: CompiledGraph;
  readonly trigger: CompiledNode;
  readonly triggerDescription: TriggerDescription;
  readonly responseNode: CompiledNode | undefined;
  /** The response node's `webhookUrl`, else the trigger's: the finished run is delivered there. */
  readonly webhook?: WebhookTarget;
  /** Templates read `{{secrets.…}}` or `{{env.…}}`: fetch the project's secrets at run start. */
  readonly usesSecrets: boolean;
  readonly warnings: readonly string[];
}

/** Nodes in a topological order; a node's index is its slot in the run state of its graph. */
export interface CompiledGraph {
  readonly nodes: readonly CompiledNode[];
  /** For a loop body: the edges from the loop-start node into the body, live at every iteration. */
  readonly entryEdges: readonly CompiledEdge[];
}

export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind<unknown>;
  readonly config: unknown;
  /** How many execution edges lead into this node. */
  readonly incoming: number;
  readonly outgoing: readonly CompiledEdge[];
  /** This node chooses among its outgoing edges by label (conditions). */
  readonly branching: boolean;
  /** Set on loop-start nodes: the body repeated per item, and the index of the loop's end node. */
  readonly loop: CompiledLoop | undefined;
}

export interface CompiledLoop {
  /** Index, in the same graph as the loop-start node, of the node that closes the loop. */
  readonly end: number;
  readonly body: CompiledGraph;
}

export interface CompiledEdge {
  readonly target: number;
  /** For edges out of a branching node: the branch label the edge belongs to. */
  readonly label: string | undefined;
}
