import type { Kysely, Selectable } from 'kysely';
import type { Database, ProjectTable } from '../schema.ts';
import type { Project, ProjectRepository } from '../store.ts';
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
