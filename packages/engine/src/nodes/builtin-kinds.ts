import { batchEndNode, batchNode } from './batch-node/batch-node.ts';
import { conditionNode } from './condition-node/condition-node.ts';
import { forLoopEndNode, forLoopNode } from './for-loop-node/for-loop-node.ts';
import { graphqlNode } from './graphql-node/graphql-node.ts';
import { graphqlResponseNode } from './graphql-response-node/graphql-response-node.ts';
import type { NodeKind } from './node-kind.ts';
import { variablesNode } from './variables-node/variables-node.ts';

/** Every kind this version runs. Adding a kind means adding it here. */
export const builtinNodeKinds: readonly NodeKind<unknown>[] = [
  graphqlNode,
  graphqlResponseNode,
  variablesNode,
  conditionNode,
  forLoopNode,
  forLoopEndNode,
  batchNode,
  batchEndNode,
];
