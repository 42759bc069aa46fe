import type { JobQueue } from '../queue/job-queue.ts';
import type { RunRecord, RunRepository } from '../store/store.ts';
import type { RunRecorder } from './run-recorder.ts';

export interface StaleRunSweeperOptions {
  /** Runs younger than this are left alone: their job may still be on its way to the queue. */
  graceMs: number;
  /** How far back a pass looks. */
  windowMs: number;
  intervalMs: number;
  /** Runs checked per pass at most. */
  batchSize: number;
  now: () => number;
  /** In the distributed mode, one process sweeps each interval (the others skip). */
  claimPass: (pass: string) => Promise<boolean>;
  onClosed: (run: RunRecord) => void;
  onError: (error: unknown) => void;
}

/**
 * Closes queued or running runs that no job will ever finish, so that `checkStatus` does not answer
 * `in-progress` for ever: a run recorded as queued by a process that died before its job was
 * committed (the client got no answer), or whose job failed for good. A run whose job is still
 * waiting, delayed or being handled is left alone, however old.
 */
export class StaleRunSweeper {
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | undefined;

  constructor(
    private readonly runs: Pick<RunRepository, 'listUnfinished' | 'get'>,
    private readonly queue: Pick<JobQueue, 'pending'>,
    private readonly recorder: Pick<RunRecorder, 'record'>,
    private readonly options: StaleRunSweeperOptions,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.sweepOnce(), this.options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  /** One pass, unless one is running or another process claimed this interval; resolves with the runs closed. */
  sweepOnce(): Promise<number> {
    this.#sweeping ??= this.#pass()
      .catch((error: unknown) => {
        this.options.onError(error);
        return 0;
      })
      .finally(() => {
        this.#sweeping = undefined;
      });
    return this.#sweeping;
  }

  async #pass(): Promise<number> {
    const { now, graceMs, windowMs, intervalMs, batchSize } = this.options;
    const at = now();
    if (!(await this.options.claimPass(String(Math.floor(at / intervalMs))))) return 0;
    const candidates = await this.runs.listUnfinished({
      createdAfter: at - windowMs,
      createdBefore: at - graceMs,
      limit: batchSize,
    });
    let closed = 0;
    for (const candidate of candidates) {
      if (await this.queue.pending('run', candidate.requestId)) continue;
      // Read again after asking the queue: a job completes only once its final record is committed.
      const current = await this.runs.get(candidate.projectId, candidate.requestId);
      if (!current || (current.run.status !== 'queued' && current.run.status !== 'running')) continue;
      await this.#close(current.run, at);
      closed++;
    }
    return closed;
  }

  async #close(run: RunRecord, at: number): Promise<void> {
    await this.recorder.record({
      run: {
        ...run,
        status: 'error',
        result: null,
        error: {
          code: 'RUN_ABANDONED',
          message:
            'The run was never finished: the process that accepted it stopped before queueing it, or its job ' +
            'failed for good. Run it again.',
        },
        finishedAt: at,
        durationMs: run.startedAt === null ? null : at - run.startedAt,
      },
      nodes: [],
    });
    this.options.onClosed(run);
  }
}
