import { createHash } from 'node:crypto';
import type { JsonValue } from '@flowgate/engine';
import { type Job as BullJob, DelayedError, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../backoff.ts';
import { type EnqueueOptions, type Job, type JobKind, type JobQueue, RetryLater } from '../job-queue.ts';

export interface BullmqJobQueueOptions {
  /** `redis://…` */
  url: string;
  /** Namespaces every key of the queues (tests use one of their own, e.g. `flowgate:test-<random>`). */
  prefix: string;
  /** BullMQ's lock: a job whose worker stops renewing it for this long is stalled and runs again. Default 30 s. */
  leaseMs?: number;
  /** Failed deliveries (errors or stalls) after which a job is failed for good. Default 10. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  onError?: (error: unknown, context: { kind: JobKind; jobId: string; key: string; attempt: number }) => void;
}

/** What a BullMQ job carries: the caller's key (the job id may be a digest of it) and the payload. */
interface JobData {
  key: string;
  payload: JsonValue;
}

/**
 * The distributed queue: one BullMQ queue per job kind on Redis. The job id is the key, so enqueueing
 * a key that is still pending is a no-op; BullMQ's own locks and stalled-job checker hand a job held by
 * a dead worker to another one. Completed jobs are removed; failed ones are kept a week.
 */
export class BullmqJobQueue implements JobQueue {
  #producer: Redis | undefined;
  readonly #queues = new Map<JobKind, Queue<JobData>>();
  readonly #workers = new Map<JobKind, Worker<JobData>>();
  readonly #options: Required<BullmqJobQueueOptions>;

  constructor(options: BullmqJobQueueOptions) {
    this.#options = {
      leaseMs: 30_000,
      maxAttempts: 10,
      backoff: DEFAULT_BACKOFF,
      onError: () => {},
      ...options,
    };
  }

  /** Opened on first use: commands that never enqueue need no connection. */
  #connection(): Redis {
    if (!this.#producer) {
      // Producers fail fast while Redis is away (the API answers an error) instead of queueing commands.
      this.#producer = new Redis(this.#options.url, { maxRetriesPerRequest: 2 });
      this.#producer.on('error', (error) => this.#report(error, undefined));
    }
    return this.#producer;
  }

  async enqueue(kind: JobKind, key: string, payload: JsonValue, options: EnqueueOptions = {}): Promise<void> {
    const { maxAttempts, backoff } = this.#options;
    await this.#queue(kind).add(
      kind,
      { key, payload },
      {
        jobId: jobIdFor(key),
        ...(options.delayMs ? { delay: options.delayMs } : {}),
        attempts: maxAttempts,
        backoff: { type: 'exponential', delay: backoff.baseMs, jitter: 0.5 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 60 * 60 },
      },
    );
  }

  work(kind: JobKind, handler: (job: Job) => Promise<void>, options: { concurrency: number }): void {
    if (this.#workers.has(kind)) throw new Error(`jobs of kind ${kind} already have a handler`);
    const { url, prefix, leaseMs, maxAttempts } = this.#options;
    const worker = new Worker<JobData>(kind, (job, token) => this.#process(kind, handler, job, token), {
      // Workers block on Redis: their connection must retry for ever (BullMQ requires it).
      connection: new Redis(url, { maxRetriesPerRequest: null }),
      prefix,
      concurrency: options.concurrency,
      lockDuration: leaseMs,
      stalledInterval: Math.max(1000, Math.round(leaseMs / 2)),
      maxStalledCount: maxAttempts,
    });
    worker.on('error', (error) => this.#report(error, undefined));
    worker.on('failed', (job, error) => {
      if (job) this.#report(error, { kind, job });
    });
    this.#workers.set(kind, worker);
  }

  async pending(kind: JobKind, key: string): Promise<boolean> {
    const job = await this.#queue(kind).getJob(jobIdFor(key));
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  async depth(kind: JobKind): Promise<{ waiting: number; delayed: number; oldestAgeMs: number | null }> {
    const queue = this.#queue(kind);
    const counts = await queue.getJobCounts('wait', 'prioritized', 'delayed');
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    const now = Date.now();
    return {
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      oldestAgeMs: oldest ? Math.max(0, now - (oldest.timestamp + (oldest.delay ?? 0))) : null,
    };
  }

  /**
   * Workers stop taking jobs and finish those in hand for up to `graceMs`; past it they are closed by
   * force, and their jobs' locks run out so another worker takes them.
   */
  async close(graceMs = 10_000): Promise<void> {
    await Promise.all(
      [...this.#workers.values()].map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(resolve, graceMs, 'late');
        });
        const closing = worker.close();
        const outcome = await Promise.race([closing.then(() => 'closed' as const), late]);
        clearTimeout(timer);
        if (outcome === 'late') await worker.close(true);
      }),
    );
    this.#workers.clear();
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.quit().catch(() => producer.disconnect());
  }

  #queue(kind: JobKind): Queue<JobData> {
    let queue = this.#queues.get(kind);
    if (!queue) {
      queue = new Queue<JobData>(kind, { connection: this.#connection(), prefix: this.#options.prefix });
      queue.on('error', (error) => this.#report(error, undefined));
      this.#queues.set(kind, queue);
    }
    return queue;
  }

  async #process(
    kind: JobKind,
    handler: (job: Job) => Promise<void>,
    job: BullJob<JobData>,
    token: string | undefined,
  ): Promise<void> {
    try {
      await handler({
        id: job.id ?? job.data.key,
        kind,
        key: job.data.key,
        payload: job.data.payload,
        attempt: job.attemptsStarted,
      });
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      // Not a failure: the job waits in the delayed set and its attempts are not counted.
      await job.moveToDelayed(Date.now() + error.delayMs, token);
      throw new DelayedError();
    }
  }

  #report(error: unknown, failed: { kind: JobKind; job: BullJob<JobData> } | undefined): void {
    this.#options.onError(error, {
      kind: failed?.kind ?? 'run',
      jobId: failed?.job.id ?? '',
      key: failed?.job.data.key ?? '',
      attempt: failed?.job.attemptsStarted ?? 0,
    });
  }
}

/**
 * BullMQ refuses job ids that are integers or contain ':'; such keys (and very long ones) are replaced
 * by their digest. The handler still sees the key itself (it travels in the job's data).
 */
export function jobIdFor(key: string): string {
  if (/^[A-Za-z0-9_.-]{1,128}$/.test(key) && !/^\d+$/.test(key)) return key;
  return `sha256-${createHash('sha256').update(key).digest('hex')}`;
}
