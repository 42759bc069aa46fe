import type { JsonValue } from '@flowgate/engine';
import { ApiError } from '../errors/api-error.ts';
import type { WorkflowResult } from '../runs/run-api.ts';
import type { RunRecord, RunRepository, RunWithNodes } from '../store/store.ts';
import { StoreConstraintError } from '../store/store-constraint-error.ts';
import { checkIdempotencyKey, requestFingerprint } from './idempotency-key.ts';

export interface IdempotentExecutionsOptions {
  /** How long a key answers with its first run; older keys are released and start a new run. */
  windowMs: number;
  now: () => number;
  /** Writes runs still waiting in the group-commit recorder, so a lookup sees every finished run. */
  flush: () => Promise<void>;
}

export interface IdempotentRequest {
  projectId: string;
  key: string;
  workflowId: string;
  payload: JsonValue;
}

/**
 * Takes the key for a run by writing the run's first record at once, outside the recorder's batches
 * (a refused row must not fail other runs' batch). Throws {@link KeyTakenElsewhere} when the store's
 * unique index on (project, idempotency key) shows another process took it first.
 */
export type ClaimKey = (first: RunWithNodes) => Promise<void>;

/** Another process recorded a run with this key between our lookup and our claim. */
class KeyTakenElsewhere extends Error {
  constructor() {
    super('the idempotency key was taken by another process');
    this.name = 'KeyTakenElsewhere';
  }
}

interface InFlight {
  fingerprint: string;
  answer: Promise<WorkflowResult>;
}

/**
 * `Idempotency-Key` semantics for executes: a repeated request (same project, key, workflow and
 * payload) within the window answers with the first run's requestId and result without running again;
 * the same key with another workflow or payload is refused (IDEMPOTENCY_KEY_REUSED).
 *
 * Concurrent repeats in this process wait for the first (a map of keys in flight); across processes
 * the unique index decides, and the loser answers from the winner's record (`in-progress` with its
 * requestId while a sync run is still going, as a sync run past the sync limit does).
 */
export class IdempotentExecutions {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly runs: Pick<RunRepository, 'save' | 'findByIdempotencyKey' | 'releaseIdempotencyKey'>,
    private readonly options: IdempotentExecutionsOptions,
  ) {}

  execute(
    request: IdempotentRequest,
    start: (claim: ClaimKey) => Promise<WorkflowResult>,
  ): Promise<WorkflowResult> {
    checkIdempotencyKey(request.key);
    const fingerprint = requestFingerprint(request.workflowId, request.payload);
    const slot = `${request.projectId}\u0000${request.key}`;
    const pending = this.inFlight.get(slot);
    if (pending !== undefined) {
      if (pending.fingerprint !== fingerprint) throw keyReused(request.key);
      return pending.answer;
    }
    const answer = this.answer(request, fingerprint, start).finally(() => this.inFlight.delete(slot));
    this.inFlight.set(slot, { fingerprint, answer });
    return answer;
  }

  private async answer(
    request: IdempotentRequest,
    fingerprint: string,
    start: (claim: ClaimKey) => Promise<WorkflowResult>,
  ): Promise<WorkflowResult> {
    await this.options.flush();
    const earlier = await this.runs.findByIdempotencyKey(request.projectId, request.key);
    if (earlier !== undefined) {
      const expiredBefore = this.options.now() - this.options.windowMs;
      if (earlier.createdAt >= expiredBefore) return replay(earlier, request.key, fingerprint);
      await this.runs.releaseIdempotencyKey(request.projectId, request.key, expiredBefore);
    }
    try {
      return await start((first) => this.claim(first));
    } catch (error) {
      if (!(error instanceof KeyTakenElsewhere)) throw error;
      const winner = await this.runs.findByIdempotencyKey(request.projectId, request.key);
      if (winner === undefined) throw new Error('an idempotency key was taken, then vanished');
      return replay(winner, request.key, fingerprint);
    }
  }

  private async claim(first: RunWithNodes): Promise<void> {
    try {
      await this.runs.save([first]);
    } catch (error) {
      if (error instanceof StoreConstraintError && error.constraint === 'unique')
        throw new KeyTakenElsewhere();
      throw error;
    }
  }
}

/** The first run's answer, as executeWorkflow gave it (or would give it now). */
function replay(run: RunRecord, key: string, fingerprint: string): WorkflowResult {
  if (requestFingerprint(run.flowId, run.payload) !== fingerprint) throw keyReused(key);
  const { requestId } = run;
  // Async and batch runs answer with their requestId at once, whatever their state now.
  if (run.mode !== 'sync') return { status: 'success', result: { requestId }, requestId };
  if (run.status === 'success') return { status: 'success', result: run.result, requestId };
  if (run.status === 'error') {
    const error = isRecord(run.error) ? run.error : {};
    const message = typeof error.message === 'string' ? error.message : 'The workflow failed.';
    throw new ApiError('WORKFLOW_FAILED', message, { requestId, nodeId: error.nodeId ?? null });
  }
  return { status: 'in-progress', result: { requestId }, requestId };
}

function keyReused(key: string): ApiError {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return new ApiError(
    'IDEMPOTENCY_KEY_REUSED',
    `The Idempotency-Key "${shown}" was already used in this project with a different workflowId or ` +
      'payload; send a new Idempotency-Key for a different request.',
  );
}

function isRecord(value: JsonValue | null): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
