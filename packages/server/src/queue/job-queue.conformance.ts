/**
 * The JobQueue contract, written once and run against every adapter: the store queue on SQLite and on
 * PostgreSQL, and BullMQ on Redis (see the *.test.ts files beside each adapter).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Job, type JobKind, type JobQueue, RetryLater } from './job-queue.ts';

export interface QueueTestOptions {
  leaseMs: number;
  /** First retry delay after an error (doubled after each). */
  backoffBaseMs: number;
  /** Failed deliveries before a job is given up. */
  maxAttempts: number;
}

export interface JobQueueTestBackend {
  /** A queue on this backend, as one process would open it; call again for another "process". */
  open(options: QueueTestOptions): JobQueue;
  /** Takes one due job of `kind` as a process that then dies: its lease is never renewed nor released. */
  claimAndDie(kind: JobKind, leaseMs: number): Promise<void>;
  /** Removes the backend's data; called after every queue opened on it is closed. */
  drop(): Promise<void>;
}

export interface JobQueueTestTarget {
  createBackend(): Promise<JobQueueTestBackend>;
}

const defaults: QueueTestOptions = { leaseMs: 5000, backoffBaseMs: 20, maxAttempts: 3 };

export function describeJobQueueConformance(name: string, target: JobQueueTestTarget): void {
  describe(`JobQueue contract: ${name}`, () => {
    let backend: JobQueueTestBackend;
    const opened: JobQueue[] = [];
    const open = (options: Partial<QueueTestOptions> = {}) => {
      const queue = backend.open({ ...defaults, ...options });
      opened.push(queue);
      return queue;
    };

    beforeEach(async () => {
      backend = await target.createBackend();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.close(0)));
      await backend.drop();
    });

    it('delivers a job once enqueued, with its key, payload and first attempt, then forgets it', async () => {
      const queue = open();
      await queue.enqueue('run', 'first', { n: 1 });
      const before = await queue.depth('run');
      expect(before).toMatchObject({ waiting: 1, delayed: 0 });
      expect(before.oldestAgeMs).toBeGreaterThanOrEqual(0);
      expect(await queue.pending('run', 'first')).toBe(true);
      expect(await queue.pending('webhook', 'first')).toBe(false);
      const seen: Job[] = [];
      queue.work('run', async (job) => void seen.push(job), { concurrency: 2 });
      await waitFor(() => seen.length === 1);
      expect(seen[0]).toMatchObject({ kind: 'run', key: 'first', payload: { n: 1 }, attempt: 1 });
      await waitFor(async () => (await queue.depth('run')).waiting === 0);
      expect(await queue.depth('run')).toEqual({ waiting: 0, delayed: 0, oldestAgeMs: null });
      expect(await queue.pending('run', 'first')).toBe(false);
    });

    it('keeps one job per key while it is pending, and keeps kinds apart', async () => {
      const queue = open();
      await Promise.all([
        queue.enqueue('run', 'same', { copy: 1 }),
        queue.enqueue('run', 'same', { copy: 2 }),
        queue.enqueue('run', 'other', {}),
        queue.enqueue('webhook', 'same', {}),
      ]);
      expect((await queue.depth('run')).waiting).toBe(2);
      const keys: string[] = [];
      queue.work('run', async (job) => void keys.push(job.key), { concurrency: 4 });
      await waitFor(() => keys.length === 2);
      await sleep(300);
      expect(keys.sort()).toEqual(['other', 'same']);
      expect((await queue.depth('webhook')).waiting).toBe(1);
    });

    it('holds a delayed job back until its time', async () => {
      const queue = open();
      const enqueuedAt = Date.now();
      await queue.enqueue('webhook', 'later', {}, { delayMs: 800 });
      expect(await queue.depth('webhook')).toMatchObject({ waiting: 0, delayed: 1 });
      let deliveredAt = 0;
      queue.work(
        'webhook',
        async () => {
          deliveredAt = Date.now();
        },
        { concurrency: 1 },
      );
      await waitFor(() => deliveredAt > 0, 10_000);
      expect(deliveredAt - enqueuedAt).toBeGreaterThanOrEqual(750);
    });

    it('calls again after RetryLater, and retries errors with backoff a bounded number of times', async () => {
      const queue = open({ maxAttempts: 3 });
      const later: number[] = [];
      queue.work(
        'webhook',
        async (job) => {
          later.push(job.attempt);
          if (later.length === 1) throw new RetryLater(100, 'receiver is down');
        },
        { concurrency: 1 },
      );
      const failing: number[] = [];
      queue.work(
        'run',
        async () => {
          failing.push(Date.now());
          throw new Error('always fails');
        },
        { concurrency: 1 },
      );
      await queue.enqueue('webhook', 'retry-later', {});
      await queue.enqueue('run', 'broken', {});
      await waitFor(() => later.length === 2 && failing.length === 3, 15_000);
      expect(later).toEqual([1, 2]);
      await sleep(600);
      expect(failing).toHaveLength(3);
      expect(await queue.pending('run', 'broken')).toBe(false);
      expect((failing[2] ?? 0) - (failing[1] ?? 0)).toBeGreaterThanOrEqual(15);
    });

    it('takes over a job whose holder died once its lease expires', async () => {
      const leaseMs = 1000;
      const queue = open({ leaseMs });
      await queue.enqueue('run', 'orphan', { x: 1 });
      await backend.claimAndDie('run', leaseMs);
      const seen: Job[] = [];
      const startedAt = Date.now();
      queue.work('run', async (job) => void seen.push(job), { concurrency: 1 });
      await waitFor(() => seen.length === 1, 15_000);
      expect(seen[0]).toMatchObject({ key: 'orphan', payload: { x: 1 }, attempt: 2 });
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    });

    it('renews the lease of a job that runs longer than the lease, so no one else takes it', async () => {
      const queue = open({ leaseMs: 1000 });
      const other = open({ leaseMs: 1000 });
      const calls: string[] = [];
      const slow = async () => {
        calls.push('call');
        await sleep(2500);
      };
      queue.work('run', slow, { concurrency: 1 });
      await queue.enqueue('run', 'long', {});
      await waitFor(() => calls.length === 1);
      other.work('run', slow, { concurrency: 1 });
      await sleep(3000);
      expect(calls).toHaveLength(1);
    });

    it('runs at most `concurrency` handlers at once, and two consumers share jobs without doubles', async () => {
      const first = open();
      const second = open();
      const handled: string[] = [];
      let running = 0;
      let peak = 0;
      const handler = async (job: Job) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        handled.push(job.key);
        running--;
      };
      await Promise.all(Array.from({ length: 60 }, (_, index) => first.enqueue('run', `job-${index}`, {})));
      first.work('run', handler, { concurrency: 3 });
      second.work('run', handler, { concurrency: 3 });
      await waitFor(() => handled.length >= 60, 20_000);
      await sleep(300);
      expect(handled).toHaveLength(60);
      expect(new Set(handled).size).toBe(60);
      expect(peak).toBeLessThanOrEqual(6);
    });

    it('on close, finishes the job in hand and leaves the others queued', async () => {
      const queue = open();
      const handled: string[] = [];
      await queue.enqueue('run', 'a', {});
      await queue.enqueue('run', 'b', {});
      queue.work(
        'run',
        async (job) => {
          await sleep(300);
          handled.push(job.key);
        },
        { concurrency: 1 },
      );
      await waitFor(async () => (await queue.depth('run')).waiting === 1);
      await queue.close(5000);
      expect(handled).toHaveLength(1);
      const after = open();
      expect((await after.depth('run')).waiting).toBe(1);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
