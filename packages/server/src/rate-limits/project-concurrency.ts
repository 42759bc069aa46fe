import { ApiError } from '../errors/api-error.ts';

/** Gives a slot back; calling it again does nothing. */
export type Release = () => void;

interface ProjectSlots {
  running: number;
  waiting: (() => void)[];
}

/**
 * A cap on one project's runs in flight in this process. Sync runs take a slot or are refused
 * (429: the caller is waiting on the answer, better to tell it to come back); background runs
 * (async, batch, triggers) wait in line for one. A released slot goes to the oldest waiter.
 * Per process: with several API processes the project may run up to the cap in each.
 */
export class ProjectConcurrency {
  private readonly projects = new Map<string, ProjectSlots>();

  /** `limit` 0: no cap. */
  constructor(private readonly limit: number) {}

  /** A slot now, or RATE_LIMITED when the project is at its cap. */
  take(projectId: string): Release {
    if (this.limit === 0) return noop;
    const slots = this.slotsOf(projectId);
    if (slots.running >= this.limit) {
      throw new ApiError(
        'RATE_LIMITED',
        `This project already has ${this.limit} runs in progress, its concurrency limit; ` +
          'retry after 1 s, as the Retry-After header says, or start the runs with executeWorkflowBatch.',
        { retryAfterSeconds: 1 },
      );
    }
    slots.running += 1;
    return this.releaser(projectId, slots);
  }

  /** A slot, waiting for one when the project is at its cap. */
  async wait(projectId: string): Promise<Release> {
    if (this.limit === 0) return noop;
    const slots = this.slotsOf(projectId);
    if (slots.running < this.limit) {
      slots.running += 1;
      return this.releaser(projectId, slots);
    }
    // The releasing run hands its slot over: `running` stays as it is.
    await new Promise<void>((resolve) => slots.waiting.push(resolve));
    return this.releaser(projectId, slots);
  }

  /** Runs holding a slot, and runs waiting for one. */
  load(projectId: string): { running: number; waiting: number } {
    const slots = this.projects.get(projectId);
    return { running: slots?.running ?? 0, waiting: slots?.waiting.length ?? 0 };
  }

  private slotsOf(projectId: string): ProjectSlots {
    let slots = this.projects.get(projectId);
    if (slots === undefined) {
      slots = { running: 0, waiting: [] };
      this.projects.set(projectId, slots);
    }
    return slots;
  }

  private releaser(projectId: string, slots: ProjectSlots): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      if (next !== undefined) return next();
      slots.running -= 1;
      if (slots.running === 0) this.projects.delete(projectId);
    };
  }
}

const noop: Release = () => {};
