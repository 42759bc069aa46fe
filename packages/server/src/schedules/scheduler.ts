import { Cron } from 'croner';
import type { ActiveDeployments } from '../deployments/active-deployments.ts';
import type { Logger } from '../logging/logger.ts';
import type { RunService } from '../runs/run-service.ts';
import type { Store } from '../store/store.ts';

interface Scheduled {
  key: string;
  job: Cron;
}

/**
 * Whether this process runs a schedule's tick. Every `serve` process schedules; in the distributed
 * mode the first to claim a tick in Redis runs it (cluster/redis-cluster.ts). Alone, always.
 */
export type TickClaim = (tick: string) => Promise<boolean>;

/**
 * Runs flows whose trigger is a cronNode on their schedule, for as long as the deployment holding
 * them is active. Re-reads the active deployments every `refreshMs` (another process may deploy)
 * and at once after a deploy here. Runs in `flowgate serve`; with several, `claimTick` picks one.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Scheduled>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'projects'>,
    private readonly deployments: ActiveDeployments,
    private readonly runs: Pick<RunService, 'startTriggered'>,
    private readonly logger: Logger,
    private readonly refreshMs = 5000,
    private readonly claimTick: TickClaim = async () => true,
  ) {}

  private started = false;

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  /** Reconciles the cron jobs with every project's active deployment (once started). */
  refresh(): Promise<void> {
    if (!this.started) return this.refreshing;
    this.refreshing = this.refreshing
      .then(() => this.reconcile())
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'refreshing schedules failed');
      });
    return this.refreshing;
  }

  get scheduledCount(): number {
    return this.jobs.size;
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    for (const { job } of this.jobs.values()) job.stop();
    this.jobs.clear();
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map<
      string,
      { projectId: string; flowId: string; expression: string; timezone?: string }
    >();
    for (const project of await this.store.projects.list()) {
      const { deploymentNumber, flows } = await this.deployments.flows(project.id);
      for (const flow of flows) {
        const schedule = flow.compiled.triggerDescription.schedule;
        if (!schedule) continue;
        const key = `${project.id}/${flow.compiled.id}@${deploymentNumber}:${schedule.expression}:${schedule.timezone ?? ''}`;
        wanted.set(key, { projectId: project.id, flowId: flow.compiled.id, ...schedule });
      }
    }
    for (const [key, scheduled] of this.jobs) {
      if (!wanted.has(key)) {
        scheduled.job.stop();
        this.jobs.delete(key);
      }
    }
    for (const [key, target] of wanted) {
      if (this.jobs.has(key)) continue;
      const job = new Cron(target.expression, { timezone: target.timezone, protect: true }, () => {
        // The tick's own second (the callback comes a few ms after it), the same in every process.
        const firedAt = new Date(Math.round(Date.now() / 1000) * 1000).toISOString();
        this.claimTick(`${target.projectId}/${target.flowId}@${firedAt}`)
          .then((claimed) =>
            claimed
              ? this.runs.startTriggered(target.projectId, target.flowId, { firedAt }, 'schedule')
              : undefined,
          )
          .catch((error: unknown) => {
            this.logger.error({ err: error, flowId: target.flowId }, 'scheduled run could not start');
          });
      });
      this.jobs.set(key, { key, job });
    }
  }
}
