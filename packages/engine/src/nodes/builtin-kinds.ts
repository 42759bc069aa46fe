import { apiNode } from './api-node/api-node.ts';
import { batchEndNode, batchNode } from './batch-node/batch-node.ts';
import { branchNode } from './branch-node/branch-node.ts';
import { codeNode } from './code-node/code-node.ts';
import { conditionNode } from './condition-node/condition-node.ts';
import { cronNode } from './cron-node/cron-node.ts';
import { endNode } from './end-node/end-node.ts';
import { flowNode } from './flow-node/flow-node.ts';
import { forLoopEndNode, forLoopNode } from './for-loop-node/for-loop-node.ts';
import { graphqlNode } from './graphql-node/graphql-node.ts';
import { graphqlResponseNode } from './graphql-response-node/graphql-response-node.ts';
import { instructorLlmNode } from './instructor-llm-node/instructor-llm-node.ts';
import { llmNode } from './llm-node/llm-node.ts';
import type { NodeKind } from './node-kind.ts';
import { variablesNode } from './variables-node/variables-node.ts';
import { waitNode } from './wait-node/wait-node.ts';
import { webhookTriggerNode } from './webhook-trigger-node/webhook-trigger-node.ts';

/** Every kind this version runs. Adding a kind means adding it here. */
export const builtinNodeKinds: readonly NodeKind<unknown>[] = [
  graphqlNode,
  graphqlResponseNode,
  codeNode,
  variablesNode,
  conditionNode,
  forLoopNode,
  forLoopEndNode,
  batchNode,
  batchEndNode,
  flowNode,
  webhookTriggerNode,
  cronNode,
  apiNode,
  branchNode,
  endNode,
  waitNode,
  llmNode,
  instructorLlmNode,
];
