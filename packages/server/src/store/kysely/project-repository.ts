import type { Kysely, Selectable } from 'kysely';
import type { Database, ProjectTable } from '../schema.ts';
import type { Project, ProjectRepository, ProjectSettings } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export class KyselyProjectRepository implements ProjectRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(project: Project): Promise<void> {
    await withConstraintErrors(`project ${project.id}`, () =>
      this.#db
        .insertInto('projects')
        .values({ id: project.id, name: project.name, created_at: project.createdAt })
        .execute(),
    );
  }

  async get(id: string): Promise<Project | undefined> {
    const row = await this.#db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toProject(row);
  }

  async getSettings(projectId: string): Promise<ProjectSettings> {
    const row = await this.#db
      .selectFrom('project_settings')
      .select('settings')
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row === undefined ? {} : (JSON.parse(row.settings) as ProjectSettings);
  }

  async putSettings(projectId: string, settings: ProjectSettings, at: number): Promise<void> {
    const text = JSON.stringify(settings);
    await withConstraintErrors(`settings of project ${projectId}`, () =>
      this.#db
        .insertInto('project_settings')
        .values({ project_id: projectId, settings: text, updated_at: at })
        .onConflict((conflict) =>
          conflict.column('project_id').doUpdateSet({ settings: text, updated_at: at }),
        )
        .execute(),
    );
  }

  async list(): Promise<Project[]> {
    const rows = await this.#db
      .selectFrom('projects')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toProject);
  }
}

function toProject(row: Selectable<ProjectTable>): Project {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}
