import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/store.ts';

export interface ReadinessParts {
  store: Pick<Store, 'readiness'>;
  /** The job queue when one is wired; its depth must be readable. */
  queue?: () => Pick<JobQueue, 'depth'> | undefined;
  /** A check slower than this counts as failed (a probe must answer; a hung pool is not ready). */
  timeoutMs?: number;
}

/**
 * What keeps this process from taking traffic (`GET /readyz`): the store unreachable or not
 * migrated, the queue unreadable. Empty when ready. Messages name the part, never a host or secret.
 */
export async function checkReadiness(parts: ReadinessParts): Promise<string[]> {
  const timeoutMs = parts.timeoutMs ?? 2000;
  const queue = parts.queue?.();
  const [store, queueProblem] = await Promise.all([
    withTimeout(parts.store.readiness(), timeoutMs, ['database check timed out']),
    queue === undefined
      ? undefined
      : withTimeout(
          queue.depth('run').then(
            () => undefined,
            (error: unknown) => `queue not readable (${errorName(error)})`,
          ),
          timeoutMs,
          'queue check timed out',
        ),
  ]);
  return queueProblem === undefined ? store : [...store, queueProblem];
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(resolve, ms, fallback);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.name : 'unknown error';
}
