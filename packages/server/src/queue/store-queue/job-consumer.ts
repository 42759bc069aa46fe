import type { JobRecord, JobRepository } from '../../store/store.ts';
import { type BackoffPolicy, retryDelayMs } from '../backoff.ts';
import { type Job, type JobKind, RetryLater } from '../job-queue.ts';

export interface JobConsumerOptions {
  kind: JobKind;
  /** This process's lease owner token. */
  owner: string;
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Failed deliveries (errors and lost leases) after which a job is parked as failed. */
  maxFailures: number;
  backoff: BackoffPolicy;
  now: () => number;
  onError: (error: unknown, context: { kind: JobKind; jobId: string; key: string; attempt: number }) => void;
}

/**
 * Takes jobs of one kind from the store: polls every `pollIntervalMs` (a cheap read first, so an idle
 * SQLite store is not write-locked), claims as many as there are free slots, renews the leases of the
 * jobs in hand every third of the lease, and settles each job by its handler's outcome.
 */
export class JobConsumer {
  readonly #jobs: JobRepository;
  readonly #options: JobConsumerOptions;
  readonly #handler: (job: Job) => Promise<void>;
  readonly #inFlight = new Map<string, Promise<void>>();
  #polling = false;
  #pollAgain = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  /** Jobs done, deleted together a moment later (one write instead of one each). */
  #completed: string[] = [];
  #completing: Promise<void> = Promise.resolve();
  #completeTimer: NodeJS.Timeout | undefined;
  /** performance.now() when #timer fires. */
  #timerAt = 0;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(jobs: JobRepository, handler: (job: Job) => Promise<void>, options: JobConsumerOptions) {
    this.#jobs = jobs;
    this.#handler = handler;
    this.#options = options;
    this.#heartbeat = setInterval(() => void this.#renewLeases(), Math.max(50, options.leaseMs / 3));
    this.#heartbeat.unref();
    this.wake();
  }

  /** Polls now (a job was enqueued in this process, or a slot came free). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.#poll();
  }

  /**
   * A slot came free: polls in a moment, so that slots freed together are filled by one claim (one
   * write transaction) rather than one each.
   */
  #wakeSoon(): void {
    if (this.#stopped) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    if (this.#timer && this.#timerAt <= performance.now() + 2) return;
    this.#schedule(2);
  }

  #schedule(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = performance.now() + delayMs;
    // Not unref'd: a consumer keeps its process alive (`flowgate worker` has nothing else) until stopped.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.wake();
    }, delayMs);
  }

  /**
   * Stops claiming; waits up to `graceMs` for the jobs in hand, then gives back those still running so
   * another process takes them at once (their handlers may still finish here: handlers are idempotent).
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled(this.#inFlight.values()), deadline]);
    clearTimeout(timer);
    clearInterval(this.#heartbeat);
    await this.#flushCompleted();
    const now = this.#options.now();
    await Promise.allSettled(
      [...this.#inFlight.keys()].map((id) => this.#jobs.release(id, this.#options.owner, { runAt: now })),
    );
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    let claimed = 0;
    let free = 0;
    try {
      free = this.#options.concurrency - this.#inFlight.size;
      if (free > 0) claimed = await this.#claim(free);
    } catch (error) {
      this.#options.onError(error, { kind: this.#options.kind, jobId: '', key: '', attempt: 0 });
    } finally {
      this.#polling = false;
    }
    if (this.#stopped) return;
    // A full claim may have left more behind; a wake-up during the poll may have brought a new job.
    const soon = this.#pollAgain || (free > 0 && claimed === free);
    this.#pollAgain = false;
    this.#schedule(soon ? 0 : this.#options.pollIntervalMs);
  }

  async #claim(limit: number): Promise<number> {
    const { kind, owner, leaseMs, now } = this.#options;
    const at = now();
    if (!(await this.#jobs.hasDue(kind, at))) return 0;
    const jobs = await this.#jobs.claim(kind, owner, at, at + leaseMs, limit);
    for (const job of jobs) {
      const running = this.#settle(job)
        .catch((error: unknown) => {
          // The store refused the outcome: the lease runs out and the job is delivered again.
          this.#options.onError(error, { kind, jobId: job.id, key: job.key, attempt: job.attempt });
        })
        .finally(() => {
          this.#inFlight.delete(job.id);
          this.#wakeSoon();
        });
      this.#inFlight.set(job.id, running);
    }
    return jobs.length;
  }

  async #settle(record: JobRecord): Promise<void> {
    const { owner, now, maxFailures } = this.#options;
    const job: Job = {
      id: record.id,
      kind: this.#options.kind,
      key: record.key,
      payload: record.payload,
      attempt: record.attempt,
    };
    if (record.failures >= maxFailures) {
      // Its holders kept dying: parked instead of taking down one more process.
      const error = `lost its lease ${record.failures} times (the processes running it stopped)`;
      this.#report(new Error(`job ${record.key} ${error}`), job);
      await this.#jobs.release(record.id, owner, { runAt: now(), error, dead: true });
      return;
    }
    try {
      await this.#handler(job);
      this.#completeSoon(record.id);
    } catch (error) {
      if (error instanceof RetryLater) {
        await this.#jobs.release(record.id, owner, { runAt: now() + error.delayMs });
        return;
      }
      this.#report(error, job);
      const failures = record.failures + 1;
      await this.#jobs.release(record.id, owner, {
        runAt: now() + retryDelayMs(failures, this.#options.backoff),
        error: error instanceof Error ? error.message : String(error),
        dead: failures >= maxFailures,
      });
    }
  }

  #completeSoon(id: string): void {
    this.#completed.push(id);
    this.#completeTimer ??= setTimeout(() => void this.#flushCompleted(), 2);
  }

  /** A job whose delete fails stays leased until its lease runs out, then runs again (handlers are idempotent). */
  #flushCompleted(): Promise<void> {
    clearTimeout(this.#completeTimer);
    this.#completeTimer = undefined;
    const ids = this.#completed.splice(0);
    if (ids.length === 0) return this.#completing;
    this.#completing = this.#completing
      .then(() => this.#jobs.complete(this.#options.owner, ids))
      .then(
        () => {},
        (error: unknown) =>
          this.#options.onError(error, { kind: this.#options.kind, jobId: '', key: '', attempt: 0 }),
      );
    return this.#completing;
  }

  async #renewLeases(): Promise<void> {
    if (this.#inFlight.size === 0) return;
    const { owner, leaseMs, now, kind } = this.#options;
    try {
      const held = new Set(await this.#jobs.extendLeases(owner, [...this.#inFlight.keys()], now() + leaseMs));
      for (const id of this.#inFlight.keys()) {
        if (!held.has(id)) {
          this.#options.onError(new Error('lost the lease of a running job; another process may run it'), {
            kind,
            jobId: id,
            key: '',
            attempt: 0,
          });
        }
      }
    } catch (error) {
      this.#options.onError(error, { kind, jobId: '', key: '', attempt: 0 });
    }
  }

  #report(error: unknown, job: Job): void {
    this.#options.onError(error, { kind: job.kind, jobId: job.id, key: job.key, attempt: job.attempt });
  }
}
