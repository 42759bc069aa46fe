import type { JsonValue } from '@flowgate/engine';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DeploymentTable } from '../schema.ts';
import type { DeploymentRecord, DeploymentRepository } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { fromJsonText, toJsonText } from './json-text.ts';

export interface DeploymentRepositoryOptions {
  /**
   * Whether the database takes row locks (`SELECT … FOR UPDATE`, PostgreSQL). Without them (SQLite)
   * every write transaction already holds the database's single write lock (BEGIN IMMEDIATE), which
   * serialises deploys just as well.
   */
  rowLocks: boolean;
}

/**
 * Writers of one project are serialised on the project's row, so numbers are taken in commit order:
 * the newest deployment is the highest number, and the partial unique index `deployments_one_active`
 * guarantees a single active one whatever happens.
 */
export class KyselyDeploymentRepository implements DeploymentRepository {
  readonly #db: Kysely<Database>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<Database>, options: DeploymentRepositoryOptions) {
    this.#db = db;
    this.#rowLocks = options.rowLocks;
  }

  async create(projectId: string, snapshot: JsonValue, at: number): Promise<DeploymentRecord> {
    return this.#db.transaction().execute(async (trx) => {
      await this.#lockProject(trx, projectId);
      const last = await trx
        .selectFrom('deployments')
        .select((eb) => eb.fn.max('number').as('number'))
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      const number = (last?.number ?? 0) + 1;
      await deactivateAll(trx, projectId);
      await trx
        .insertInto('deployments')
        .values({ project_id: projectId, number, snapshot: toJsonText(snapshot), created_at: at, active: 1 })
        .execute();
      return { projectId, number, snapshot, createdAt: at, active: true };
    });
  }

  async getActive(projectId: string): Promise<DeploymentRecord | undefined> {
    const row = await this.#db
      .selectFrom('deployments')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row === undefined ? undefined : toDeployment(row);
  }

  async get(projectId: string, number: number): Promise<DeploymentRecord | undefined> {
    const row = await this.#db
      .selectFrom('deployments')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('number', '=', number)
      .executeTakeFirst();
    return row === undefined ? undefined : toDeployment(row);
  }

  async list(projectId: string): Promise<DeploymentRecord[]> {
    const rows = await this.#db
      .selectFrom('deployments')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('number', 'desc')
      .execute();
    return rows.map(toDeployment);
  }

  async activate(projectId: string, number: number): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      await this.#lockProject(trx, projectId);
      const target = await trx
        .selectFrom('deployments')
        .select('number')
        .where('project_id', '=', projectId)
        .where('number', '=', number)
        .executeTakeFirst();
      if (target === undefined) return false;
      await deactivateAll(trx, projectId);
      await trx
        .updateTable('deployments')
        .set({ active: 1 })
        .where('project_id', '=', projectId)
        .where('number', '=', number)
        .execute();
      return true;
    });
  }

  async #lockProject(trx: Transaction<Database>, projectId: string): Promise<void> {
    const query = trx.selectFrom('projects').select('id').where('id', '=', projectId);
    const project = await (this.#rowLocks ? query.forUpdate() : query).executeTakeFirst();
    if (project === undefined) {
      throw new StoreConstraintError('foreign-key', `project ${projectId} does not exist`);
    }
  }
}

/** A statement of its own before the activation: the unique index is checked row by row. */
async function deactivateAll(trx: Transaction<Database>, projectId: string): Promise<void> {
  await trx
    .updateTable('deployments')
    .set({ active: 0 })
    .where('project_id', '=', projectId)
    .where('active', '=', 1)
    .execute();
}

function toDeployment(row: Selectable<DeploymentTable>): DeploymentRecord {
  return {
    projectId: row.project_id,
    number: row.number,
    snapshot: fromJsonText(row.snapshot),
    createdAt: row.created_at,
    active: row.active === 1,
  };
}
