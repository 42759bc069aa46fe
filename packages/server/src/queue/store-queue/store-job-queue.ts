import { hostname } from 'node:os';
import type { JsonValue } from '@flowgate/engine';
import { v7 as uuidv7 } from 'uuid';
import type { JobRepository, NewJob } from '../../store/store.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../backoff.ts';
import type { EnqueueOptions, Job, JobKind, JobQueue } from '../job-queue.ts';
import { JobConsumer } from './job-consumer.ts';

export interface StoreJobQueueOptions {
  /** How long a claimed job stays with its process without a heartbeat. Default 30 s. */
  leaseMs?: number;
  /** How often an idle consumer looks for due jobs (enqueues in this process wake it at once). Default 250 ms. */
  pollIntervalMs?: number;
  /** Failed deliveries after which a job is parked as failed. Default 10. */
  maxFailures?: number;
  backoff?: BackoffPolicy;
  /** How long an enqueue may wait for company before its batch is written. Default 2 ms. */
  batchDelayMs?: number;
  now?: () => number;
  onError?: (error: unknown, context: { kind: JobKind; jobId: string; key: string; attempt: number }) => void;
}

interface PendingEnqueue {
  job: NewJob;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

const maxBatch = 512;

/**
 * The embedded durable queue: jobs in the store's `jobs` table (SQLite or PostgreSQL), so accepted
 * work survives a restart. Enqueues are written by group commit, like runs (one transaction every few
 * milliseconds), and resolve once committed. Consumers lease jobs; a lease that is not renewed (the
 * process died) expires and the job is taken by whichever process polls next.
 */
export class StoreJobQueue implements JobQueue {
  readonly #jobs: JobRepository;
  readonly #owner = `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
  readonly #consumers = new Map<string, JobConsumer>();
  readonly #options: Required<StoreJobQueueOptions>;
  #batch: PendingEnqueue[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(jobs: JobRepository, options: StoreJobQueueOptions = {}) {
    this.#jobs = jobs;
    this.#options = {
      leaseMs: options.leaseMs ?? 30_000,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      maxFailures: options.maxFailures ?? 10,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      batchDelayMs: options.batchDelayMs ?? 2,
      now: options.now ?? Date.now,
      onError: options.onError ?? (() => {}),
    };
  }

  enqueue(kind: JobKind, key: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the job queue is closed'));
    const createdAt = this.#options.now();
    const job: NewJob = {
      id: uuidv7(),
      kind,
      key,
      payload,
      runAt: createdAt + (options.delayMs ?? 0),
      createdAt,
    };
    const committed = new Promise<void>((resolve, reject) => {
      this.#batch.push({ job, settle: { resolve, reject } });
    });
    this.#flushSoon(this.#batch.length >= maxBatch ? 0 : this.#options.batchDelayMs);
    return committed;
  }

  work(kind: JobKind, handler: (job: Job) => Promise<void>, options: { concurrency: number }): void {
    if (this.#consumers.has(kind)) throw new Error(`jobs of kind ${kind} already have a handler`);
    if (this.#closed) throw new Error('the job queue is closed');
    const { leaseMs, pollIntervalMs, maxFailures, backoff, now, onError } = this.#options;
    const consumer = new JobConsumer(this.#jobs, handler, {
      kind,
      owner: this.#owner,
      concurrency: options.concurrency,
      leaseMs,
      pollIntervalMs,
      maxFailures,
      backoff,
      now,
      onError,
    });
    this.#consumers.set(kind, consumer);
  }

  async pending(kind: JobKind, key: string): Promise<boolean> {
    // An enqueue still in the batch counts: it is about to be committed.
    if (this.#batch.some((entry) => entry.job.kind === kind && entry.job.key === key)) return true;
    return this.#jobs.isPending(kind, key);
  }

  async depth(kind: JobKind): Promise<{ waiting: number; delayed: number; oldestAgeMs: number | null }> {
    const now = this.#options.now();
    const { waiting, delayed, oldestDueAt } = await this.#jobs.depth(kind, now);
    return { waiting, delayed, oldestAgeMs: oldestDueAt === null ? null : Math.max(0, now - oldestDueAt) };
  }

  async close(graceMs = 10_000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flush();
    await Promise.all([...this.#consumers.values()].map((consumer) => consumer.stop(graceMs)));
    this.#consumers.clear();
  }

  #flushSoon(delayMs: number): void {
    if (this.#timer && delayMs > 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#flush();
    }, delayMs);
  }

  #flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(async () => {
      while (this.#batch.length > 0) await this.#write(this.#batch.splice(0, maxBatch));
    });
    return this.#writing;
  }

  async #write(batch: PendingEnqueue[]): Promise<void> {
    try {
      await this.#jobs.add(batch.map((entry) => entry.job));
    } catch (error) {
      for (const entry of batch) entry.settle.reject(error);
      return;
    }
    for (const entry of batch) entry.settle.resolve();
    for (const kind of new Set(batch.map((entry) => entry.job.kind))) this.#consumers.get(kind)?.wake();
  }
}
