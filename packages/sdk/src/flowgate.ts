import type { BatchItem, BatchOptions, BatchOutcome } from './batch/batch-types.ts';
import { runBatch } from './batch/run-batch.ts';
import { type FlowgateOptions, resolveOptions } from './client-options.ts';
import { FlowgateError } from './errors/flowgate-error.ts';
import type { ExecuteOutput, FlowId, FlowInput, FlowOutput } from './flows.ts';
import { CallScope } from './http/call-scope.ts';
import { GraphqlTransport } from './http/graphql-transport.ts';
import type { PollOptions } from './runs/poll-backoff.ts';
import { type ExecuteResult, executeOnce, readStatuses, waitForRun } from './runs/run-requests.ts';
import type { RunStatus } from './runs/run-status.ts';
import { sseData } from './stream/sse-events.ts';
import { readStreamFrame, type StreamFrame } from './stream/stream-frame.ts';

export interface CallOptions {
  signal?: AbortSignal;
  /** This call's budget, retries and polls included; default: the client's timeoutMs. */
  timeoutMs?: number;
}

export interface ExecuteOptions extends CallOptions {
  /** Sent as Idempotency-Key; default: a new UUID per call, the same for all its retries. */
  idempotencyKey?: string;
  /** Sent as X-Callback-Url: the finished run is also delivered there, signed (verifyWebhook). */
  callbackUrl?: string;
}

export interface WaitOptions extends CallOptions, PollOptions {}

const STREAM_DOCUMENT =
  'subscription FlowgateStream($id: String, $payload: JSON!) { executeWorkflowWithStream(workflowId: $id, payload: $payload) }';

/**
 * A client of one Flowgate project: runs flows with typed payloads and results, retries what is
 * safe to retry, follows async runs, streams, batches, and throws one error class per failure.
 */
export class Flowgate {
  private readonly transport: GraphqlTransport;
  private readonly timeoutMs: number;

  constructor(options: FlowgateOptions = {}) {
    const resolved = resolveOptions(options);
    this.transport = new GraphqlTransport(resolved.transport);
    this.timeoutMs = resolved.timeoutMs;
  }

  /**
   * Runs a deployed flow and answers its result. A realtime run past the server's sync limit is
   * followed to its end; an async flow answers `{requestId}` at once (then `wait`). Never runs twice.
   */
  executeWorkflow<Id extends FlowId>(
    workflowId: Id,
    payload: FlowInput<Id>,
    options: ExecuteOptions = {},
  ): Promise<ExecuteResult<ExecuteOutput<Id>>> {
    return this.execute('executeWorkflow', workflowId, payload, options) as Promise<
      ExecuteResult<ExecuteOutput<Id>>
    >;
  }

  /** `executeAgent`: as executeWorkflow, for an agent's id. */
  executeAgent<Id extends FlowId>(
    agentId: Id,
    payload: FlowInput<Id>,
    options: ExecuteOptions = {},
  ): Promise<ExecuteResult<ExecuteOutput<Id>>> {
    return this.execute('executeAgent', agentId, payload, options) as Promise<
      ExecuteResult<ExecuteOutput<Id>>
    >;
  }

  /**
   * Starts a run and answers its requestId, for `wait` or `status`. A flow whose trigger is async
   * answers at once; a realtime flow is run by the server within this request.
   */
  async start<Id extends FlowId>(
    workflowId: Id,
    payload: FlowInput<Id>,
    options: ExecuteOptions = {},
  ): Promise<string> {
    try {
      return (await this.execute('executeWorkflow', workflowId, payload, options)).requestId;
    } catch (error) {
      if (error instanceof FlowgateError && error.code === 'WORKFLOW_FAILED' && error.requestId)
        return error.requestId;
      throw error;
    }
  }

  /** Where a run is: in progress, or finished with its result or its WorkflowError. */
  status<Id extends string = string>(
    requestId: string,
    options: CallOptions = {},
  ): Promise<RunStatus<FlowOutput<Id>>> {
    return this.within(options, async (scope) => {
      const status = (await readStatuses(this.transport, scope, [requestId])).get(requestId);
      if (status instanceof FlowgateError || status === undefined) throw status;
      return status as RunStatus<FlowOutput<Id>>;
    });
  }

  /** Polls a run (with growing intervals) until it finishes; throws its WorkflowError when it failed. */
  wait<Id extends string = string>(
    requestId: string,
    options: WaitOptions = {},
  ): Promise<ExecuteResult<FlowOutput<Id>>> {
    return this.within(options, (scope) => waitForRun(this.transport, scope, requestId, options)) as Promise<
      ExecuteResult<FlowOutput<Id>>
    >;
  }

  /**
   * Runs a flow over Server-Sent Events: a frame per finished node and per LLM token delta as they
   * happen, then `done` with the result. Breaking out of the loop closes the connection.
   */
  async *stream<Id extends FlowId>(
    workflowId: Id,
    payload: FlowInput<Id>,
    options: CallOptions = {},
  ): AsyncGenerator<StreamFrame<FlowOutput<Id>>, void, undefined> {
    const scope = new CallScope(options.signal, options.timeoutMs ?? this.timeoutMs);
    try {
      const request = {
        query: STREAM_DOCUMENT,
        variables: { id: workflowId, payload },
        safety: 'refused-only' as const,
      };
      const response = await this.transport.openStream(request, scope);
      if (response.body === null)
        throw new FlowgateError('The stream has no body.', { code: 'UNEXPECTED_RESPONSE' });
      for await (const data of sseData(response.body)) {
        const frame = readStreamFrame<FlowOutput<Id>>(data);
        yield frame;
        if (frame.kind === 'done') return;
      }
      throw new FlowgateError('The stream ended before the run finished.', { code: 'STREAM_INCOMPLETE' });
    } catch (error) {
      throw error instanceof FlowgateError ? error : scope.failure(error, 'the event stream');
    } finally {
      scope.close();
    }
  }

  /**
   * Runs many items, slowing down on 429 instead of failing; answers each item's result or error
   * in input order. Many items of one flow go through the server's executeWorkflowBatch.
   */
  batch<Id extends FlowId>(
    items: readonly BatchItem<Id>[],
    options: BatchOptions = {},
  ): Promise<BatchOutcome<FlowOutput<Id>>[]> {
    const scope = new CallScope(options.signal, options.timeoutMs ?? Number.POSITIVE_INFINITY);
    return runBatch(this.transport, scope, items, options).finally(() => scope.close()) as Promise<
      BatchOutcome<FlowOutput<Id>>[]
    >;
  }

  private execute(
    field: 'executeWorkflow' | 'executeAgent',
    id: string,
    payload: unknown,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    const request = { field, id, payload, idempotencyKey, callbackUrl: options.callbackUrl };
    return this.within(options, (scope) => executeOnce(this.transport, scope, request));
  }

  private async within<T>(options: CallOptions, work: (scope: CallScope) => Promise<T>): Promise<T> {
    const scope = new CallScope(options.signal, options.timeoutMs ?? this.timeoutMs);
    try {
      return await work(scope);
    } finally {
      scope.close();
    }
  }
}
