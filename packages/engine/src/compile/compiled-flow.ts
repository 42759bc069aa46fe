import type { FlowDefinition } from '../flow/flow-definition.ts';
import type { NodeKind, TriggerDescription } from '../nodes/node-kind.ts';

/** A flow checked and prepared once per deployment; the executor only reads it. */
export interface CompiledFlow {
  readonly id: string;
  readonly name: string;
  readonly definition: FlowDefinition;
  /** Nodes in a topological order; index in this array is the node's slot in run state. */
  readonly nodes: readonly CompiledNode[];
  readonly trigger: CompiledNode;
  readonly triggerDescription: TriggerDescription;
  readonly responseNode: CompiledNode | undefined;
  /** Templates read `{{secrets.…}}` or `{{env.…}}`: fetch the project's secrets at run start. */
  readonly usesSecrets: boolean;
  readonly warnings: readonly string[];
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
}

export interface CompiledEdge {
  readonly target: number;
  /** For edges out of a branching node: the branch label the edge belongs to. */
  readonly label: string | undefined;
}
