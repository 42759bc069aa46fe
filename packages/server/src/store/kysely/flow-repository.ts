import type { Kysely, Selectable } from 'kysely';
import type { Database, FlowTable } from '../schema.ts';
import type { FlowRecord, FlowRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';
import { fromJsonText, toJsonText } from './json-text.ts';

export class KyselyFlowRepository implements FlowRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async put(flow: FlowRecord): Promise<void> {
    await withConstraintErrors(`flow ${flow.id}`, () =>
      this.#db
        .insertInto('flows')
        .values({
          project_id: flow.projectId,
          id: flow.id,
          name: flow.name,
          definition: toJsonText(flow.definition),
          updated_at: flow.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.columns(['project_id', 'id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            definition: eb.ref('excluded.definition'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute(),
    );
  }

  async get(projectId: string, id: string): Promise<FlowRecord | undefined> {
    const row = await this.#db
      .selectFrom('flows')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toFlow(row);
  }

  /** By id, so a deployment snapshot lists flows in a stable order. */
  async list(projectId: string): Promise<FlowRecord[]> {
    const rows = await this.#db
      .selectFrom('flows')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute();
    return rows.map(toFlow);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('flows')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toFlow(row: Selectable<FlowTable>): FlowRecord {
  return {
    projectId: row.project_id,
    id: row.id,
    name: row.name,
    definition: fromJsonText(row.definition),
    updatedAt: row.updated_at,
  };
}
