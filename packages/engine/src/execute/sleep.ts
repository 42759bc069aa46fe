import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or rejects with `signal.reason` as soon as the signal aborts (the run failed
 * elsewhere, or was cancelled), so that a waiting node never outlives its run.
 */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  }
}
