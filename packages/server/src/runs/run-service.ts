import { randomUUID } from 'node:crypto';
import {
  type CompiledFlow,
  EngineError,
  type EngineServices,
  executeFlow,
  isJsonObject,
  type JsonValue,
  type NodeRecord,
  type RunObserver,
  type RunOutcome,
  type RunRequest,
  runFlow,
  type SubflowRequest,
} from '@flowgate/engine';
import { v7 as uuidv7 } from 'uuid';
import { type Caller, requireScope } from '../auth/caller.ts';
import type { ActiveDeployments, DeployedFlow } from '../deployments/active-deployments.ts';
import { ApiError } from '../errors/api-error.ts';
import type { IdempotentExecutions } from '../idempotency/idempotent-executions.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { ProjectConcurrency, Release } from '../rate-limits/project-concurrency.ts';
import type { RunMode, RunRecord, RunStatus, RunWithNodes, Store } from '../store/store.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';
import { checkBatchPayloads, checkPayload } from './check-payload.ts';
import { Deadlines } from './deadlines.ts';
import { FrameQueue } from './frame-queue.ts';
import type { BatchResult, FeedbackInput, FeedbackResult, RunApi, WorkflowResult } from './run-api.ts';
import { runJobPayload } from './run-job.ts';
import type { RunRecorder } from './run-recorder.ts';
import { nodeUsage, runUsage } from './run-usage.ts';
import { describeRun } from './run-view.ts';
import { retrySmartly } from './smart-retries.ts';
import { deltaFrame, finalFrame, nodeFrame } from './stream-frames.ts';

export interface RunServiceOptions {
  /** A sync run still going after this answers `in-progress` with its requestId and keeps running. */
  syncTimeoutMs: number;
  now: () => number;
  onBackgroundError: (error: unknown, requestId: string) => void;
  /** Repeated executes with one Idempotency-Key answer with the first run. */
  idempotency: IdempotentExecutions;
  /** Runs in flight per project: sync over the cap are refused, background runs wait. */
  concurrency: ProjectConcurrency;
  /** Most payloads in one executeWorkflowBatch. */
  maxBatchPayloads: number;
  /** Where accepted background runs wait for a process to run them (queue/job-queue.ts). */
  queue: Pick<JobQueue, 'enqueue'>;
  /**
   * Signed callbacks: told of every finished run (but sub-flows) whose flow has a webhookUrl or whose
   * request sent X-Callback-Url, once its final record is committed; checkStatus lists deliveries.
   */
  webhooks?: Pick<Webhooks, 'runFinished' | 'summary'>;
}

/** Executes deployed flows for API callers and answers for their runs. */
export class RunService implements RunApi {
  /** Sync runs' waits for their outcome, all `syncTimeoutMs` long. */
  private readonly syncDeadlines: Deadlines;

  constructor(
    private readonly deployments: ActiveDeployments,
    private readonly engine: EngineServices,
    private readonly recorder: RunRecorder,
    private readonly store: Pick<Store, 'runs' | 'feedback' | 'projects'>,
    private readonly options: RunServiceOptions,
  ) {
    this.syncDeadlines = new Deadlines(options.syncTimeoutMs);
  }

  /**
   * Not async: with no Idempotency-Key and the deployment cached, a flow whose nodes all answer at
   * once is answered within the call; a refusal (scope, payload, concurrency cap) is then thrown.
   */
  executeWorkflow(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    options: { idempotencyKey: string | undefined; callbackUrl?: string | undefined },
  ): WorkflowResult | Promise<WorkflowResult> {
    const key = options.idempotencyKey;
    const { callbackUrl } = options;
    if (key !== undefined) return this.executeOnce(caller, workflowId, payload, key, callbackUrl);
    const context = this.prepareRun(caller, workflowId, payload, undefined, callbackUrl);
    return context instanceof Promise ? context.then((ready) => this.execute(ready)) : this.execute(context);
  }

  /** An execute with an Idempotency-Key: repeats answer with the first run. */
  private async executeOnce(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    key: string,
    callbackUrl: string | undefined,
  ): Promise<WorkflowResult> {
    requireScope(caller, 'flows:execute');
    const request = { projectId: caller.projectId, key, workflowId, payload };
    return this.options.idempotency.execute(request, async (claim) => {
      const context = await this.prepareRun(caller, workflowId, payload, key, callbackUrl);
      return this.execute(context, (mode, status) =>
        claim(runWithNodes(context, mode, { status, createdAt: this.options.now() })),
      );
    });
  }

  /**
   * Runs a prepared execute. `claim` (idempotent requests) records the run before it starts, once
   * it is sure to start: a sync run refused by the concurrency cap must not take the key. A sync run
   * whose nodes all answer at once is answered within the call (no promise); a refusal may be thrown.
   */
  private execute(context: RunContext, claim?: Claim): WorkflowResult | Promise<WorkflowResult> {
    if (context.flow.compiled.triggerDescription.responseMode === 'async') return this.accept(context, claim);
    const release = this.options.concurrency.take(context.caller.projectId);
    if (claim === undefined) return this.runSync(context, release);
    return claim('sync', 'running').then(
      () => this.runSync(context, release),
      (error: unknown) => {
        release();
        throw error;
      },
    );
  }

  /** An async-mode flow: accepted once recorded as queued and queued; answers the requestId. */
  private async accept(context: RunContext, claim: Claim | undefined): Promise<WorkflowResult> {
    await claim?.('async', 'queued');
    await this.startInBackground(context, 'async');
    const { requestId } = context;
    return { status: 'success', result: { requestId }, requestId };
  }

  /** Waits for a sync run's outcome up to `syncTimeoutMs`, unless the run is over already. */
  private runSync(context: RunContext, release: Release): WorkflowResult | Promise<WorkflowResult> {
    const createdAt = this.options.now();
    const running = this.runAndRecord(context, 'sync', { release });
    if (!(running instanceof Promise)) return syncAnswer(context.requestId, running);
    return this.syncDeadlines
      .race(running)
      .then((outcome) =>
        outcome === undefined
          ? this.stillRunning(context, running, createdAt)
          : syncAnswer(context.requestId, outcome),
      );
  }

  /** A sync run past its deadline: answered `in-progress` with its requestId, and left running. */
  private async stillRunning(
    context: RunContext,
    running: Promise<RunOutcome>,
    createdAt: number,
  ): Promise<WorkflowResult> {
    const { requestId } = context;
    // Recorded before the run can finish: the recorder writes in order, so the final record wins.
    if (!context.finished)
      await this.recorder.record(runWithNodes(context, 'sync', { status: 'running', createdAt }));
    running.catch((error: unknown) => this.options.onBackgroundError(error, requestId));
    return { status: 'in-progress', result: { requestId }, requestId };
  }

  /**
   * The checks every API-started run passes: scope, deployed flow, payload. Synchronous when the
   * project's deployment is cached (it throws then, rather than rejecting).
   */
  private prepareRun(
    caller: Caller,
    workflowId: string,
    payload: JsonValue,
    idempotencyKey: string | undefined,
    callbackUrl?: string,
  ): RunContext | Promise<RunContext> {
    requireScope(caller, 'flows:execute');
    const flow = this.deployments.flow(caller.projectId, workflowId);
    if (flow instanceof Promise) {
      return flow.then((deployed) => apiContext(caller, deployed, payload, idempotencyKey, callbackUrl));
    }
    return apiContext(caller, flow, payload, idempotencyKey, callbackUrl);
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
    const described = describeRun(found);
    const finished = found.run.status === 'success' || found.run.status === 'error';
    const webhooks = finished ? await this.options.webhooks?.summary(caller.projectId, requestId) : undefined;
    return webhooks?.length && isJsonObject(described) ? { ...described, webhooks } : described;
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
    const context = startedBy(projectId, mode, flow, checkPayload(flow, payload));
    await this.startInBackground(context, mode);
    return context.requestId;
  }

  /**
   * `executeWorkflowBatch`: every payload is checked first (all or nothing), then each run is
   * recorded as queued and started in the background under the project's concurrency cap.
   */
  async executeWorkflowBatch(
    caller: Caller,
    workflowId: string,
    payloads: readonly JsonValue[],
    options: { callbackUrl?: string | undefined } = {},
  ): Promise<BatchResult> {
    requireScope(caller, 'flows:execute');
    const flow = await this.deployments.flow(caller.projectId, workflowId);
    const inputs = checkBatchPayloads(flow, payloads, this.options.maxBatchPayloads);
    const contexts = inputs.map(
      (input): RunContext => ({
        caller,
        flow,
        input,
        requestId: uuidv7(),
        idempotencyKey: undefined,
        finished: false,
        callbackUrl: options.callbackUrl,
      }),
    );
    await Promise.all(contexts.map((context) => this.startInBackground(context, 'batch')));
    return { requestIds: contexts.map((context) => context.requestId), count: contexts.length };
  }

  private async startInBackground(context: RunContext, mode: RunMode): Promise<void> {
    const createdAt = this.options.now();
    await this.recorder.record(runWithNodes(context, mode, { status: 'queued', createdAt }));
    // Durable from here: a `run` job keyed by the requestId, taken by this process or a worker
    // (runs/run-worker.ts), which calls runQueued. Answered only once both are committed.
    const job = runJobPayload(context.caller.projectId, context.requestId, context.callbackUrl);
    try {
      await this.options.queue.enqueue('run', context.requestId, job);
    } catch (error) {
      // Not accepted after all (the queue is unreachable): the run is closed, not left queued for ever.
      const closed = runWithNodes(context, mode, { status: 'error', createdAt });
      closed.run.error = {
        code: 'QUEUE_UNAVAILABLE',
        message: 'The run could not be queued; it did not run.',
      };
      this.recorder
        .record(closed)
        .catch((recordError: unknown) => this.options.onBackgroundError(recordError, context.requestId));
      throw error;
    }
  }

  /**
   * Runs a run accepted earlier (recorded as queued, then taken from the queue by its `run` job) from
   * the start: marks it running, runs it under the project's concurrency cap, and resolves once the
   * outcome is committed. A job delivered again mid-run runs it again; the record is replaced.
   */
  async runQueued(run: RunRecord, flow: DeployedFlow, callbackUrl?: string): Promise<RunOutcome> {
    const caller: Caller = {
      projectId: run.projectId,
      keyId: run.apiKeyId,
      keyName: null,
      scopes: [],
      via: 'trigger',
    };
    const context: RunContext = {
      caller,
      flow,
      input: run.payload,
      requestId: run.requestId,
      idempotencyKey: run.idempotencyKey ?? undefined,
      finished: false,
      callbackUrl,
    };
    this.recorder
      .record(runWithNodes(context, run.mode, { status: 'running', createdAt: run.createdAt }))
      .catch((error: unknown) => this.options.onBackgroundError(error, run.requestId));
    return this.runWhenFree(context, run.mode);
  }

  /** A background run waits for a slot under the project's concurrency cap, and holds it while it runs. */
  private async runWhenFree(context: RunContext, mode: RunMode): Promise<RunOutcome> {
    const release = await this.options.concurrency.wait(context.caller.projectId);
    try {
      return await this.runAndRecord(context, mode);
    } finally {
      release();
    }
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
    new Promise<RunOutcome>((resolve) => resolve(this.runAndRecord(context, 'stream', { observer })))
      .then((outcome) => frames.push(finalFrame(requestId, outcome)))
      .catch((error: unknown) => {
        this.options.onBackgroundError(error, requestId);
        frames.push(finalFrame(requestId, undefined));
      })
      .finally(() => frames.end());
    return frames;
  }

  /**
   * A Studio test run of a draft, compiled by the caller and never deployed: recorded with mode `test`
   * and deployment number 0, with its per-node trace. Answers the requestId once the record is committed.
   */
  async runTest(projectId: string, compiled: CompiledFlow, payload: JsonValue): Promise<string> {
    const flow: DeployedFlow = { deploymentNumber: 0, compiled };
    const context = startedBy(projectId, 'studio', flow, checkPayload(flow, payload));
    await this.runAndRecord(context, 'test');
    return context.requestId;
  }

  /** A flowNode's call: runs the project's deployed flow and answers with its result. */
  async runSubflow(request: SubflowRequest): Promise<JsonValue> {
    let flow: DeployedFlow;
    try {
      flow = await this.deployments.flow(request.projectId, request.flowId);
    } catch (error) {
      throw new EngineError('WORKFLOW_NOT_FOUND', error instanceof Error ? error.message : String(error));
    }
    let input: JsonValue;
    try {
      input = checkPayload(flow, request.payload);
    } catch (error) {
      throw new EngineError('INVALID_PAYLOAD', (error as Error).message);
    }
    const context = startedBy(request.projectId, null, flow, input);
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

  /**
   * Runs the flow and records the outcome. Sync and stream runs answer without waiting for the record
   * (the recorder reports a failed write); the others resolve once it is committed. `release` gives the
   * concurrency slot back as soon as the engine is done. A sync run whose nodes all answered at once
   * (and need no retry) gets its outcome, not a promise.
   */
  private runAndRecord(
    context: RunContext,
    mode: RunMode,
    options: { depth?: number; signal?: AbortSignal; observer?: RunObserver; release?: Release } = {},
  ): RunOutcome | Promise<RunOutcome> {
    const request: RunRequest = {
      requestId: context.requestId,
      projectId: context.caller.projectId,
      payload: context.input,
      signal: options.signal,
      observer: options.observer,
      depth: options.depth,
    };
    let ran: RunOutcome | Promise<RunOutcome>;
    try {
      ran = runFlow(context.flow.compiled, request, this.engine);
    } catch (error) {
      options.release?.();
      throw error;
    }
    if (ran instanceof Promise || (ran.status === 'error' && ran.error?.retryable)) {
      return this.finishRun(context, mode, request, ran, options.release);
    }
    options.release?.();
    return this.recordFinished(context, mode, ran);
  }

  /** The rest of a run that waits: its nodes, then Smart Retries of a retryable failure, then the record. */
  private async finishRun(
    context: RunContext,
    mode: RunMode,
    request: RunRequest,
    ran: RunOutcome | Promise<RunOutcome>,
    release: Release | undefined,
  ): Promise<RunOutcome> {
    let outcome: RunOutcome;
    try {
      outcome = await ran;
      if (outcome.status === 'error' && outcome.error?.retryable) {
        outcome = await retrySmartly(
          outcome,
          context.caller.projectId,
          (resume) => executeFlow(context.flow.compiled, { ...request, resume }, this.engine),
          this.store.projects,
        );
      }
    } finally {
      release?.();
    }
    return this.recordFinished(context, mode, outcome);
  }

  /**
   * Records a finished run. Sync and stream runs without a webhook or callback are queued detached and
   * answered at once; the others resolve once the record is committed (and its hook told).
   */
  private recordFinished(
    context: RunContext,
    mode: RunMode,
    outcome: RunOutcome,
  ): RunOutcome | Promise<RunOutcome> {
    context.finished = true;
    const finished = runWithNodes(context, mode, {
      status: outcome.status,
      createdAt: outcome.startedAt,
      outcome,
    });
    const waits = mode !== 'sync' && mode !== 'stream';
    if (!waits && !this.hasFinishedHook(context, mode)) {
      this.recorder.recordDetached(finished);
      return outcome;
    }
    const committed = this.recorder.record(finished).then(() => this.runFinished(context, finished.run));
    if (waits) return committed.then(() => outcome);
    committed.catch((error) => this.options.onBackgroundError(error, context.requestId));
    return outcome;
  }

  /**
   * For a run job delivered again after its run finished: the hook below once more, in case the
   * process died right after the final record. A flow no longer deployed has no webhook to read.
   */
  async repeatFinishedHook(run: RunRecord, callbackUrl?: string): Promise<void> {
    if (!this.options.webhooks) return;
    const flow = await this.deployments
      .flowAt(run.projectId, run.flowId, run.deploymentNumber)
      .catch((error: unknown) => {
        if (error instanceof ApiError) return undefined;
        throw error;
      });
    const webhook = flow?.compiled.webhook;
    if (webhook === undefined && callbackUrl === undefined) return;
    await this.options.webhooks.runFinished(run, { webhook, callbackUrl });
  }

  /** After the final record is committed: webhook deliveries (none for sub-flows, steps of another run). */
  private async runFinished(context: RunContext, run: RunRecord): Promise<void> {
    if (!this.hasFinishedHook(context, run.mode)) return;
    const { webhook } = context.flow.compiled;
    await this.options.webhooks?.runFinished(run, { webhook, callbackUrl: context.callbackUrl });
  }

  private hasFinishedHook(context: RunContext, mode: RunMode): boolean {
    if (mode === 'subflow' || mode === 'test' || this.options.webhooks === undefined) return false;
    return context.flow.compiled.webhook !== undefined || context.callbackUrl !== undefined;
  }
}

/** Records an idempotent request's run before it starts (idempotency/idempotent-executions). */
type Claim = (mode: RunMode, status: RunStatus) => Promise<void>;

interface RunContext {
  caller: Caller;
  flow: DeployedFlow;
  input: JsonValue;
  requestId: string;
  idempotencyKey: string | undefined;
  /** Set once the engine returned, before the final record is queued. */
  finished: boolean;
  /** The request's X-Callback-Url, carried by the run job for background runs. */
  callbackUrl?: string | undefined;
}

/** A finished sync run's answer; a failed run is thrown as WORKFLOW_FAILED with its requestId. */
function syncAnswer(requestId: string, outcome: RunOutcome): WorkflowResult {
  if (outcome.status === 'error') {
    throw new ApiError('WORKFLOW_FAILED', outcome.error?.message ?? 'The workflow failed.', {
      requestId,
      nodeId: outcome.error?.nodeId ?? null,
    });
  }
  return { status: 'success', result: outcome.result, requestId };
}

/** A new run started by an API caller, once its payload passes the flow's trigger. */
function apiContext(
  caller: Caller,
  flow: DeployedFlow,
  payload: JsonValue,
  idempotencyKey: string | undefined,
  callbackUrl: string | undefined,
): RunContext {
  const input = checkPayload(flow, payload);
  // Time-ordered ids keep the runs index append-mostly (random ones cost SQLite ~2× per insert).
  return { caller, flow, input, requestId: uuidv7(), idempotencyKey, finished: false, callbackUrl };
}

/** A new run started by Flowgate itself (a trigger, the Studio, a parent flow), not by an API key. */
function startedBy(
  projectId: string,
  keyName: string | null,
  flow: DeployedFlow,
  input: JsonValue,
): RunContext {
  return {
    caller: { projectId, keyId: null, keyName, scopes: [], via: 'trigger' },
    flow,
    input,
    requestId: uuidv7(),
    idempotencyKey: undefined,
    finished: false,
  };
}

function runWithNodes(
  context: RunContext,
  mode: RunMode,
  state: { status: RunRecord['status']; createdAt: number; outcome?: RunOutcome },
): RunWithNodes {
  const outcome = state.outcome;
  const usage = runUsage(outcome?.nodes ?? []);
  // Every field spelled out (no spread): one object shape for every run record.
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
    totalTokens: usage.totalTokens,
    costUsd: usage.costUsd,
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
