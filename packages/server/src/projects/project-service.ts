import { randomUUID } from 'node:crypto';
import type { Project, Store } from '../store/store.ts';

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

  private view(project: Project): ProjectView {
    return { ...project, endpoint: this.endpoint };
  }
}
