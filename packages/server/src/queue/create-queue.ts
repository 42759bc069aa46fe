import type { JobRepository } from '../store/store.ts';
import { BullmqJobQueue } from './bullmq-queue/bullmq-job-queue.ts';
import type { JobKind, JobQueue } from './job-queue.ts';
import { StoreJobQueue } from './store-queue/store-job-queue.ts';

export interface QueueConfig {
  /** When set, the distributed mode's BullMQ on Redis; otherwise the store's `jobs` table. */
  redisUrl?: string;
  /** BullMQ's key prefix. */
  redisPrefix: string;
  /** How long a job stays with a process that stops renewing its lease (it died). */
  leaseMs: number;
  /** How often the store queue looks for due jobs (a local enqueue wakes it at once). */
  pollIntervalMs: number;
}

export type JobErrorReporter = (
  error: unknown,
  context: { kind: JobKind; jobId: string; key: string; attempt: number },
) => void;

/** Opens the queue the configuration names: REDIS_URL → BullMQ, else the store queue. */
export function createQueue(config: QueueConfig, jobs: JobRepository, onError: JobErrorReporter): JobQueue {
  if (config.redisUrl !== undefined && config.redisUrl !== '') {
    return new BullmqJobQueue({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      leaseMs: config.leaseMs,
      onError,
    });
  }
  return new StoreJobQueue(jobs, { leaseMs: config.leaseMs, pollIntervalMs: config.pollIntervalMs, onError });
}
