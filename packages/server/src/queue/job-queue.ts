import type { JsonValue } from '@flowgate/engine';

/**
 * The durable work queue port. Two adapters: a table in the store (embedded mode: SQLite, or
 * PostgreSQL without Redis) and BullMQ on Redis (distributed mode). A job is acknowledged only
 * once its handler resolved; a process that dies holding a job loses its lease and another
 * process takes the job over, so handlers must be idempotent (they key on the job's `key`).
 */
export type JobKind = 'run' | 'webhook';

export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  /** Caller-chosen identity (e.g. the run's requestId): enqueueing the same key twice is one job. */
  readonly key: string;
  readonly payload: JsonValue;
  /** 1 on the first delivery. */
  readonly attempt: number;
}

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now (webhook retry backoff). */
  delayMs?: number;
}

/** Thrown by a handler to be called again later without counting as a crash. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

export interface JobQueue {
  /** Resolves once the job is durably stored. */
  enqueue(kind: JobKind, key: string, payload: JsonValue, options?: EnqueueOptions): Promise<void>;
  /**
   * Starts taking jobs of `kind`, up to `concurrency` at once. A handler that resolves completes
   * the job; one that throws RetryLater is scheduled again after its delay; any other error is
   * logged and retried with backoff, a bounded number of times.
   */
  work(kind: JobKind, handler: (job: Job) => Promise<void>, options: { concurrency: number }): void;
  /**
   * Whether a job of that key is still to be done: waiting, delayed or being handled. False once it
   * completed, or failed for good (the stale-run sweep closes such runs).
   */
  pending(kind: JobKind, key: string): Promise<boolean>;
  /** Waiting and delayed jobs, and the age of the oldest waiting one (metrics, readiness). */
  depth(kind: JobKind): Promise<{ waiting: number; delayed: number; oldestAgeMs: number | null }>;
  /** Stops taking jobs; waits for handlers in flight up to `graceMs`, leaving the rest queued. */
  close(graceMs?: number): Promise<void>;
}
