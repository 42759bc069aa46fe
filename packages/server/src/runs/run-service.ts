import { randomUUID } from 'node:crypto';
import {
  EngineError,
  type EngineServices,
  executeFlow,
  isJsonObject,
  type JsonValue,
  type NodeRecord,
  type RunObserver,
  type RunOutcome,
  type SubflowRequest,
} from '@flowgate/engine';
import { v7 as uuidv7 } from 'uuid';
import { type Caller, requireScope } from '../auth/caller.ts';
import type { ActiveDeployments, DeployedFlow } from '../deployments/active-deployments.ts';
import { ApiError } from '../errors/api-error.ts';
import type { RunMode, RunRecord, RunWithNodes, Store } from '../store/store.ts';
import { FrameQueue } from './frame-queue.ts';
import type { FeedbackInput, FeedbackResult, RunApi, WorkflowResult } from './run-api.ts';
import type { RunRecorder } from './run-recorder.ts';
import { nodeUsage, runUsage } from './run-usage.ts';
import { describeRun } from './run-view.ts';
import { deltaFrame, finalFrame, nodeFrame } from './stream-frames.ts';

export interface RunServiceOptions {
  /** A sync run still going after this answers `in-progress` with its requestId and keeps running. */
  syncTimeoutMs: number;
  now: () => number;
  onBackgroundError: (error: unknown, requestId: string) => void;
}

/** Executes deployed flows for API callers and answers for their runs. */
export class RunService implements RunApi {
  constructor(
    private readonly deployments: ActiveDeployments,
    private readonly engine: EngineServices,
    private readonly recorder: RunRecorder,
    private readonly store: Pick<Store, 'runs' | 'feedback'>,
    private readonly options: RunServiceOptions,
  ) {}

  async executeWorkflow(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    options: { idempotencyKey: string | undefined },
  ): Promise<WorkflowResult> {
    const context = await this.prepareRun(caller, workflowId, payload, options.idempotencyKey);
    const { flow, requestId } = context;
    if (flow.compiled.triggerDescription.responseMode === 'async') {
      await this.startInBackground(context, 'async');
      return { status: 'success', result: { requestId }, requestId };
    }
    const createdAt = this.options.now();
    const running = this.runAndRecord(context, 'sync');
    const outcome = await withDeadline(running, this.options.syncTimeoutMs);
    if (outcome === undefined) {
      // Recorded before the run can finish: the recorder writes in order, so the final record wins.
      if (!context.finished)
        await this.recorder.record(runWithNodes(context, 'sync', { status: 'running', createdAt }));
      running.catch((error) => this.options.onBackgroundError(error, requestId));
      return { status: 'in-progress', result: { requestId }, requestId };
    }
    if (outcome.status === 'error') {
      throw new ApiError('WORKFLOW_FAILED', outcome.error?.message ?? 'The workflow failed.', {
        requestId,
        nodeId: outcome.error?.nodeId ?? null,
      });
    }
    return { status: 'success', result: outcome.result, requestId };
  }

  /** The checks every API-started run passes: scope, deployed flow, payload. */
  private async prepareRun(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    idempotencyKey: string | undefined,
  ): Promise<RunContext> {
    requireScope(caller, 'flows:execute');
    const flow = await this.deployments.flow(caller.projectId, workflowId);
    const input = checkPayload(flow, payload);
    // Time-ordered ids keep the runs index append-mostly (random ones cost SQLite ~2× per insert).
    return { caller, flow, input, requestId: uuidv7(), idempotencyKey, finished: false };
  }

  async checkStatus(caller: Caller, requestId: string): Promise<JsonValue> {
    requireScope(caller, 'runs:read');
    await this.recorder.flush();
    const found = await this.store.runs.get(caller.projectId, requestId);
    if (!found) {
      throw new ApiError(
        'RUN_NOT_FOUND',
        `No run with requestId ${requestId} in this project; check the id.`,
      );
    }
    return describeRun(found);
  }

  async submitFeedback(caller: Caller, feedback: FeedbackInput): Promise<FeedbackResult> {
    requireScope(caller, 'feedback:write');
    if (feedback.rating !== null && (feedback.rating < 1 || feedback.rating > 5)) {
      return { success: false, message: null, data: null, error: 'rating must be between 1 and 5' };
    }
    await this.recorder.flush();
    if (!(await this.store.runs.get(caller.projectId, feedback.requestId))) {
      return {
        success: false,
        message: null,
        data: null,
        error: `No run with requestId ${feedback.requestId}`,
      };
    }
    const id = randomUUID();
    await this.store.feedback.create({
      id,
      projectId: caller.projectId,
      ...feedback,
      createdAt: this.options.now(),
    });
    return {
      success: true,
      message: 'Feedback recorded',
      data: { id, requestId: feedback.requestId },
      error: null,
    };
  }

  /**
   * A run started by an inbound webhook or a schedule: accepted once recorded as queued, then run
   * in the background. Answers the requestId.
   */
  async startTriggered(
    projectId: string,
    flowId: string,
    payload: JsonValue,
    mode: 'webhook' | 'schedule',
  ): Promise<string> {
    const flow = await this.deployments.flow(projectId, flowId);
    const caller: Caller = { projectId, keyId: null, keyName: mode, scopes: [], via: 'trigger' };
    const input = checkPayload(flow, payload);
    const requestId = uuidv7();
    await this.startInBackground(
      { caller, flow, input, requestId, idempotencyKey: undefined, finished: false },
      mode,
    );
    return requestId;
  }

  private async startInBackground(context: RunContext, mode: RunMode): Promise<void> {
    await this.recorder.record(
      runWithNodes(context, mode, { status: 'queued', createdAt: this.options.now() }),
    );
    this.runAndRecord(context, mode).catch((error) =>
      this.options.onBackgroundError(error, context.requestId),
    );
  }

  /**
   * `executeWorkflowWithStream`: checks like executeWorkflow (errors are thrown before anything is
   * streamed, so they reach the client as plain JSON), then yields one frame per finished node, the
   * LLM token deltas as they arrive, and a final frame with the result.
   */
  async streamWorkflow(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
  ): Promise<AsyncIterable<JsonValue>> {
    const context = await this.prepareRun(caller, workflowId, payload, undefined);
    const { requestId } = context;
    const frames = new FrameQueue<JsonValue>();
    const observer: RunObserver = {
      onNodeFinished: (record) => frames.push(nodeFrame(requestId, record)),
      onDelta: (nodeId, text) => frames.push(deltaFrame(requestId, nodeId, text)),
    };
    this.runAndRecord(context, 'stream', { observer })
      .then((outcome) => frames.push(finalFrame(requestId, outcome)))
      .catch((error: unknown) => {
        this.options.onBackgroundError(error, requestId);
        frames.push(finalFrame(requestId, undefined));
      })
      .finally(() => frames.end());
    return frames;
  }

  /** A flowNode's call: runs the project's deployed flow and answers with its result. */
  async runSubflow(request: SubflowRequest): Promise<JsonValue> {
    const flow = await this.deployments.flow(request.projectId, request.flowId).catch((error: unknown) => {
      throw new EngineError('WORKFLOW_NOT_FOUND', error instanceof Error ? error.message : String(error));
    });
    let input: JsonValue;
    try {
      input = checkPayload(flow, request.payload);
    } catch (error) {
      throw new EngineError('INVALID_PAYLOAD', (error as Error).message);
    }
    const caller: Caller = {
      projectId: request.projectId,
      keyId: null,
      keyName: null,
      scopes: [],
      via: 'trigger',
    };
    const context: RunContext = {
      caller,
      flow,
      input,
      requestId: uuidv7(),
      idempotencyKey: undefined,
      finished: false,
    };
    const outcome = await this.runAndRecord(context, 'subflow', {
      depth: request.depth,
      signal: request.signal,
    });
    if (outcome.status === 'error') {
      throw new EngineError(
        outcome.error?.code ?? 'NODE_FAILED',
        outcome.error?.message ?? 'the flow failed',
        {
          retryable: outcome.error?.retryable ?? false,
        },
      );
    }
    return outcome.result;
  }

  private async runAndRecord(
    context: RunContext,
    mode: RunMode,
    options: { depth?: number; signal?: AbortSignal; observer?: RunObserver } = {},
  ): Promise<RunOutcome> {
    const outcome = await executeFlow(
      context.flow.compiled,
      {
        requestId: context.requestId,
        projectId: context.caller.projectId,
        payload: context.input,
        ...options,
      },
      this.engine,
    );
    context.finished = true;
    const finished = runWithNodes(context, mode, {
      status: outcome.status,
      createdAt: outcome.startedAt,
      outcome,
    });
    const committed = this.recorder.record(finished);
    if (mode !== 'sync' && mode !== 'stream') await committed;
    else committed.catch((error) => this.options.onBackgroundError(error, context.requestId));
    return outcome;
  }
}

interface RunContext {
  caller: Caller;
  flow: DeployedFlow;
  input: JsonValue;
  requestId: string;
  idempotencyKey: string | undefined;
  /** Set once the engine returned, before the final record is queued. */
  finished: boolean;
}

/** A missing payload is an empty one; anything but an object is refused. */
function checkPayload(flow: DeployedFlow, payload: JsonValue): JsonValue {
  const input = payload ?? {};
  if (!isJsonObject(input)) {
    throw new ApiError('INVALID_PAYLOAD', 'payload must be a JSON object, e.g. {"url": "https://…"}.', {
      fields: [],
    });
  }
  const issues = flow.compiled.triggerDescription.validatePayload(input);
  if (issues.length > 0) {
    const text = issues
      .map((issue) => (issue.field ? `${issue.field} ${issue.message}` : issue.message))
      .join('; ');
    throw new ApiError('INVALID_PAYLOAD', `The payload does not match the workflow's inputs: ${text}.`, {
      fields: issues.map((issue) => ({ field: issue.field, message: issue.message })),
    });
  }
  return input;
}

function runWithNodes(
  context: RunContext,
  mode: RunMode,
  state: { status: RunRecord['status']; createdAt: number; outcome?: RunOutcome },
): RunWithNodes {
  const outcome = state.outcome;
  const run: RunRecord = {
    requestId: context.requestId,
    projectId: context.caller.projectId,
    flowId: context.flow.compiled.id,
    deploymentNumber: context.flow.deploymentNumber,
    mode,
    status: state.status,
    payload: context.input,
    result: outcome?.result ?? null,
    error: outcome?.error ? { ...outcome.error } : null,
    apiKeyId: context.caller.keyId,
    idempotencyKey: context.idempotencyKey ?? null,
    createdAt: state.createdAt,
    startedAt: outcome ? outcome.startedAt : null,
    finishedAt: outcome ? outcome.startedAt + Math.round(outcome.durationMs) : null,
    durationMs: outcome ? outcome.durationMs : null,
    ...runUsage(outcome?.nodes ?? []),
  };
  return {
    run,
    nodes: (outcome?.nodes ?? []).map((node, position) => nodeRecord(context.requestId, node, position)),
  };
}

function nodeRecord(requestId: string, node: NodeRecord, position: number) {
  return {
    requestId,
    position,
    nodeId: node.nodeId,
    kind: node.kind,
    name: node.name,
    status: node.status,
    input: node.input,
    output: node.output,
    error: node.error,
    startedAt: node.startedAt,
    durationMs: node.durationMs,
    totalTokens: nodeUsage(node.output).totalTokens,
  };
}

/** Resolves with the value, or undefined once `ms` pass first. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
