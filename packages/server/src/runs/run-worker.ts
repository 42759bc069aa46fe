import type { ActiveDeployments, DeployedFlow } from '../deployments/active-deployments.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Job } from '../queue/job-queue.ts';
import type { RunRecord, Store } from '../store/store.ts';
import { readRunJob } from './run-job.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { RunService } from './run-service.ts';

export interface RunWorkerOptions {
  /**
   * Deliveries after which a run that never finished is recorded as failed instead of run again:
   * the processes running it kept dying (a flow that exhausts memory would take every worker down).
   */
  maxAttempts: number;
  now: () => number;
  onWarning: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The handler of `run` jobs: runs a run accepted as queued. Idempotent, as the queue may deliver a
 * job more than once: a run already finished is left alone; one found `running` (its process died
 * mid-run) runs again from the start and its record is replaced.
 */
export class RunWorker {
  constructor(
    private readonly store: Pick<Store, 'runs'>,
    private readonly deployments: Pick<ActiveDeployments, 'flowAt'>,
    private readonly runs: Pick<RunService, 'runQueued' | 'repeatFinishedHook'>,
    private readonly recorder: Pick<RunRecorder, 'record'>,
    private readonly options: RunWorkerOptions,
  ) {}

  readonly handle = async (job: Job): Promise<void> => {
    const target = readRunJob(job.payload);
    if (!target) {
      this.options.onWarning('run job without a projectId and requestId: dropped', { key: job.key });
      return;
    }
    const found = await this.store.runs.get(target.projectId, target.requestId);
    if (!found) {
      // Its project was deleted, or retention removed it: nothing to run.
      this.options.onWarning('run job for a run that is not recorded: dropped', { ...target });
      return;
    }
    const { run } = found;
    if (run.status === 'success' || run.status === 'error') {
      // Its process may have died between the final record and the webhook hook: repeat the hook,
      // which is idempotent (deliveries are keyed by run and receiver).
      await this.runs.repeatFinishedHook(run, target.callbackUrl);
      return;
    }
    if (job.attempt > this.options.maxAttempts) {
      await this.fail(
        run,
        'RUN_INTERRUPTED',
        `The run was interrupted ${job.attempt - 1} times (the processes running it stopped); it is not tried again.`,
      );
      return;
    }
    const flow = await this.flowOf(run);
    if (flow) await this.runs.runQueued(run, flow, target.callbackUrl);
  };

  private async flowOf(run: RunRecord): Promise<DeployedFlow | undefined> {
    try {
      return await this.deployments.flowAt(run.projectId, run.flowId, run.deploymentNumber);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await this.fail(run, error.code, error.message);
      return undefined;
    }
  }

  /** Closes the run as failed, without nodes (none ran to completion that could be kept). */
  private async fail(run: RunRecord, code: string, message: string): Promise<void> {
    const now = this.options.now();
    await this.recorder.record({
      run: {
        ...run,
        status: 'error',
        result: null,
        error: { code, message },
        startedAt: run.startedAt ?? now,
        finishedAt: now,
        durationMs: now - (run.startedAt ?? now),
      },
      nodes: [],
    });
  }
}
