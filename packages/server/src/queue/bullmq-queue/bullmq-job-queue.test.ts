import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisPrefix, TEST_REDIS_URL } from '../../../test/support/redis-prefix.ts';
import { describeJobQueueConformance, waitFor } from '../job-queue.conformance.ts';
import { BullmqJobQueue, jobIdFor } from './bullmq-job-queue.ts';

describeJobQueueConformance('BullMQ on Redis', {
  async createBackend() {
    const { prefix, drop } = createRedisPrefix();
    return {
      open: (options) =>
        new BullmqJobQueue({
          url: TEST_REDIS_URL,
          prefix,
          leaseMs: options.leaseMs,
          maxAttempts: options.maxAttempts,
          backoff: { baseMs: options.backoffBaseMs, maxMs: 60_000 },
        }),
      async claimAndDie(kind, leaseMs) {
        // A worker that takes the job and is then closed by force: it never renews the lock again.
        let taken = false;
        const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
        const worker = new Worker(
          kind,
          () => {
            taken = true;
            return new Promise(() => {});
          },
          { connection, prefix, lockDuration: leaseMs, skipStalledCheck: true },
        );
        await waitFor(() => taken);
        await worker.close(true);
        connection.disconnect();
      },
      drop,
    };
  },
});

describe('BullMQ job ids', () => {
  it('keeps plain keys and digests those BullMQ refuses (integers, colons)', () => {
    expect(jobIdFor('0191d3a4-7c1e-7000-8000-000000000000')).toBe('0191d3a4-7c1e-7000-8000-000000000000');
    expect(jobIdFor('12345')).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(jobIdFor('run:1:https://x')).toMatch(/^sha256-/);
    expect(jobIdFor('run:1:https://x')).toBe(jobIdFor('run:1:https://x'));
  });

  it('delivers the original key of a job whose id is a digest', async () => {
    const { prefix, drop } = createRedisPrefix();
    const queue = new BullmqJobQueue({ url: TEST_REDIS_URL, prefix });
    try {
      const keys: string[] = [];
      queue.work('webhook', async (job) => void keys.push(job.key), { concurrency: 1 });
      await queue.enqueue('webhook', 'delivery:1:https://example.com', {});
      await queue.enqueue('webhook', 'delivery:1:https://example.com', {});
      await waitFor(() => keys.length === 1);
      expect(keys).toEqual(['delivery:1:https://example.com']);
    } finally {
      await queue.close(0);
      await drop();
    }
  });
});
