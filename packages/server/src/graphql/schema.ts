import type { JsonValue } from '@flowgate/engine';
import {
  GraphQLBoolean,
  type GraphQLFieldConfig,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import type { Caller } from '../auth/caller.ts';
import { ApiError } from '../errors/api-error.ts';
import type { BatchResult, FeedbackResult, RunApi, WorkflowResult } from '../runs/run-api.ts';
import { JsonScalar } from './json-scalar.ts';

/** What every resolver receives: who is calling, and the API that does the work. */
export interface GraphqlContext {
  readonly caller: Caller;
  readonly api: RunApi;
  readonly idempotencyKey: string | undefined;
  /** `X-Callback-Url`: where runs started by this request are delivered when they finish. */
  readonly callbackUrl: string | undefined;
}

const WorkflowResultType = new GraphQLObjectType<WorkflowResult, GraphqlContext>({
  name: 'WorkflowResult',
  fields: {
    status: { type: new GraphQLNonNull(GraphQLString) },
    result: { type: JsonScalar },
    requestId: { type: GraphQLString },
  },
});

const FeedbackResultType = new GraphQLObjectType<FeedbackResult, GraphqlContext>({
  name: 'FeedbackResult',
  fields: {
    success: { type: new GraphQLNonNull(GraphQLBoolean) },
    message: { type: GraphQLString },
    data: { type: JsonScalar },
    error: { type: GraphQLString },
  },
});

type ExecuteArguments = { workflowId: string; payload?: JsonValue | null };

const executeWorkflow: GraphQLFieldConfig<unknown, GraphqlContext, ExecuteArguments> = {
  type: WorkflowResultType,
  args: { workflowId: { type: new GraphQLNonNull(GraphQLString) }, payload: { type: JsonScalar } },
  resolve: (_root, { workflowId, payload }, { api, caller, idempotencyKey, callbackUrl }) =>
    api.executeWorkflow(caller, workflowId, payload ?? null, { idempotencyKey, callbackUrl }),
};

const executeAgent: GraphQLFieldConfig<
  unknown,
  GraphqlContext,
  { agentId: string; payload?: JsonValue | null }
> = {
  type: WorkflowResultType,
  args: { agentId: { type: new GraphQLNonNull(GraphQLString) }, payload: { type: JsonScalar } },
  resolve: (_root, { agentId, payload }, { api, caller, idempotencyKey, callbackUrl }) =>
    api.executeWorkflow(caller, agentId, payload ?? null, { idempotencyKey, callbackUrl }),
};

/** Flowgate's extension: the requestIds of a batch's runs, in the order of its payloads. */
const BatchResultType = new GraphQLObjectType<BatchResult, GraphqlContext>({
  name: 'BatchResult',
  fields: {
    requestIds: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) },
    count: { type: new GraphQLNonNull(GraphQLInt) },
  },
});

const executeWorkflowBatch: GraphQLFieldConfig<
  unknown,
  GraphqlContext,
  { workflowId: string; payloads: JsonValue[] }
> = {
  type: BatchResultType,
  description: 'Starts one background run per payload (all checked first); poll each with checkStatus.',
  args: {
    workflowId: { type: new GraphQLNonNull(GraphQLString) },
    payloads: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(JsonScalar))) },
  },
  resolve: (_root, { workflowId, payloads }, { api, caller, callbackUrl }) =>
    api.executeWorkflowBatch(caller, workflowId, payloads, { callbackUrl }),
};

const checkStatus: GraphQLFieldConfig<unknown, GraphqlContext, { requestId: string }> = {
  type: JsonScalar,
  args: { requestId: { type: new GraphQLNonNull(GraphQLString) } },
  resolve: (_root, { requestId }, { api, caller }) => api.checkStatus(caller, requestId),
};

type FeedbackArguments = {
  requestId: string;
  rating?: number | null;
  comment?: string | null;
  metadata?: JsonValue;
};

const submitFeedback: GraphQLFieldConfig<unknown, GraphqlContext, FeedbackArguments> = {
  type: FeedbackResultType,
  args: {
    requestId: { type: new GraphQLNonNull(GraphQLString) },
    rating: { type: GraphQLInt },
    comment: { type: GraphQLString },
    metadata: { type: JsonScalar },
  },
  resolve: (_root, { requestId, rating, comment, metadata }, { api, caller }) =>
    api.submitFeedback(caller, {
      requestId,
      rating: rating ?? null,
      comment: comment ?? null,
      metadata: metadata ?? null,
    }),
};

type StreamArguments = {
  workflowId?: string | null;
  payload: JsonValue;
  source?: string | null;
  command?: string | null;
};

const executeWorkflowWithStream: GraphQLFieldConfig<JsonValue, GraphqlContext, StreamArguments> = {
  type: new GraphQLNonNull(JsonScalar),
  args: {
    workflowId: { type: GraphQLString },
    payload: { type: new GraphQLNonNull(JsonScalar) },
    source: { type: GraphQLString },
    command: { type: GraphQLString },
  },
  subscribe: (_root, { workflowId, payload }, { api, caller }) => {
    if (!workflowId) throw new ApiError('BAD_REQUEST', 'executeWorkflowWithStream needs a workflowId.');
    return api.streamWorkflow(caller, workflowId, payload);
  },
  resolve: (frame) => frame,
};

/**
 * Lamatic's public schema: `executeWorkflow` is a query in every client and a mutation in the
 * docs' prose, so it is both.
 */
export function buildSchema(): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { executeWorkflow, executeAgent, checkStatus },
    }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: { executeWorkflow, executeAgent, submitFeedback, executeWorkflowBatch },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: { executeWorkflowWithStream },
    }),
  });
}
