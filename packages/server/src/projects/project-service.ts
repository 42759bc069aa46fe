import { randomUUID } from 'node:crypto';
import { MAX_SMART_RETRIES, MAX_SMART_RETRY_DELAY_MS } from '../runs/smart-retries.ts';
import type { Project, ProjectSettings, Store } from '../store/store.ts';

export interface ProjectView extends Project {
  /** The Project URL clients post GraphQL to. */
  endpoint: string;
}

/** Projects: the tenants. Every other record belongs to one. */
export class ProjectService {
  constructor(
    private readonly store: Pick<Store, 'projects'>,
    private readonly endpoint: string,
    private readonly now: () => number,
  ) {}

  async create(name: string): Promise<ProjectView> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 200)
      throw new Error('A project name must have 1 to 200 characters.');
    const project = { id: randomUUID(), name: trimmed, createdAt: this.now() };
    await this.store.projects.create(project);
    return this.view(project);
  }

  async get(id: string): Promise<ProjectView | undefined> {
    const project = await this.store.projects.get(id);
    return project ? this.view(project) : undefined;
  }

  /** The project, or an error that says how to find the right id. */
  async require(id: string): Promise<ProjectView> {
    const project = await this.get(id);
    if (!project) throw new Error(`Project ${id} does not exist; list projects with: flowgate project list`);
    return project;
  }

  async list(): Promise<ProjectView[]> {
    return (await this.store.projects.list()).map((project) => this.view(project));
  }

  getSettings(projectId: string): Promise<ProjectSettings> {
    return this.store.projects.getSettings(projectId);
  }

  /** Changes Smart Retries; what is not given keeps its value (defaults: 1 retry, 1 s apart). */
  async setSmartRetries(
    projectId: string,
    change: { enabled?: boolean; maxRetries?: number; delayMs?: number },
  ): Promise<ProjectSettings> {
    await this.require(projectId);
    const settings = await this.store.projects.getSettings(projectId);
    const current = settings.smartRetries ?? { enabled: false, maxRetries: 1, delayMs: 1000 };
    const next = { ...current, ...definedOnly(change) };
    if (!Number.isInteger(next.maxRetries) || next.maxRetries < 1 || next.maxRetries > MAX_SMART_RETRIES) {
      throw new Error(`--max-retries must be a whole number from 1 to ${MAX_SMART_RETRIES}.`);
    }
    if (next.delayMs < 0 || next.delayMs > MAX_SMART_RETRY_DELAY_MS) {
      throw new Error(`--retry-delay must be at most ${MAX_SMART_RETRY_DELAY_MS / 1000}s.`);
    }
    const updated = { ...settings, smartRetries: next };
    await this.store.projects.putSettings(projectId, updated, this.now());
    return updated;
  }

  private view(project: Project): ProjectView {
    return { ...project, endpoint: this.endpoint };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
