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
 * Runs flows whose trigger is a cronNode on their schedule, for as long as the deployment holding
 * them is active. Re-reads the active deployments every `refreshMs` (another process may deploy)
 * and at once after a deploy here. Runs only in `flowgate serve`, one per store in embedded mode.
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
        const firedAt = new Date().toISOString();
        this.runs
          .startTriggered(target.projectId, target.flowId, { firedAt }, 'schedule')
          .catch((error: unknown) => {
            this.logger.error({ err: error, flowId: target.flowId }, 'scheduled run could not start');
          });
      });
      this.jobs.set(key, { key, job });
    }
  }
}
