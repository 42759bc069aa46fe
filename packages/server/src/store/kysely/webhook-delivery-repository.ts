import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookAttemptTable, WebhookDeliveryTable } from '../schema.ts';
import type {
  NewWebhookDelivery,
  WebhookAttemptOutcome,
  WebhookAttemptRecord,
  WebhookDeliveryRecord,
  WebhookDeliveryRepository,
} from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';

export interface WebhookDeliveryRepositoryOptions {
  /** PostgreSQL: lock the delivery row while an attempt is recorded. SQLite serialises writers anyway. */
  rowLocks: boolean;
}

export class KyselyWebhookDeliveryRepository implements WebhookDeliveryRepository {
  readonly #db: Kysely<Database>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<Database>, options: WebhookDeliveryRepositoryOptions) {
    this.#db = db;
    this.#rowLocks = options.rowLocks;
  }

  async create(deliveries: readonly NewWebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await withConstraintErrors('webhook deliveries', () =>
      this.#db
        .insertInto('webhook_deliveries')
        .values(deliveries.map(toRow))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute(),
    );
  }

  async get(projectId: string, id: string): Promise<WebhookDeliveryRecord | undefined> {
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toDelivery(row);
  }

  async recordAttempt(
    projectId: string,
    id: string,
    outcome: WebhookAttemptOutcome,
  ): Promise<WebhookAttemptRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      let query = trx
        .selectFrom('webhook_deliveries')
        .select(['attempts', 'status'])
        .where('project_id', '=', projectId)
        .where('id', '=', id);
      if (this.#rowLocks) query = query.forUpdate();
      const current = await query.executeTakeFirst();
      if (!current) return undefined;
      const status = current.status === 'delivered' ? 'delivered' : outcome.status;
      const attempt: WebhookAttemptRecord = {
        deliveryId: id,
        attempt: current.attempts + 1,
        startedAt: outcome.startedAt,
        durationMs: Math.round(outcome.durationMs),
        statusCode: outcome.statusCode,
        error: outcome.error,
      };
      await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt.attempt,
          status,
          updated_at: outcome.startedAt + attempt.durationMs,
          next_attempt_at: status === 'pending' ? outcome.nextAttemptAt : null,
          last_status_code: outcome.statusCode,
          last_error: outcome.error,
        })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: id,
          attempt: attempt.attempt,
          started_at: attempt.startedAt,
          duration_ms: attempt.durationMs,
          status_code: attempt.statusCode,
          error: attempt.error,
        })
        .execute();
      return attempt;
    });
  }

  async list(
    projectId: string,
    options: { limit: number; requestId?: string },
  ): Promise<WebhookDeliveryRecord[]> {
    let query = this.#db.selectFrom('webhook_deliveries').selectAll().where('project_id', '=', projectId);
    if (options.requestId !== undefined) query = query.where('request_id', '=', options.requestId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toDelivery);
  }

  async attempts(projectId: string, deliveryIds: readonly string[]): Promise<WebhookAttemptRecord[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('webhook_attempts')
      .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
      .selectAll('webhook_attempts')
      .where('webhook_deliveries.project_id', '=', projectId)
      .where('webhook_attempts.delivery_id', 'in', [...deliveryIds])
      .orderBy('webhook_attempts.delivery_id')
      .orderBy('webhook_attempts.attempt')
      .execute();
    return rows.map(toAttempt);
  }

  async countPending(): Promise<number> {
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async overdue(dueBefore: number, limit: number): Promise<{ projectId: string; id: string }[]> {
    const rows = await this.#db
      .selectFrom('webhook_deliveries')
      .select(['project_id', 'id'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<', dueBefore)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ projectId: row.project_id, id: row.id }));
  }
}

function toRow(delivery: NewWebhookDelivery): Selectable<WebhookDeliveryTable> {
  return {
    id: delivery.id,
    project_id: delivery.projectId,
    request_id: delivery.requestId,
    flow_id: delivery.flowId,
    source: delivery.source,
    url: delivery.url,
    headers: JSON.stringify(delivery.headers),
    body: delivery.body,
    status: 'pending',
    attempts: 0,
    created_at: delivery.createdAt,
    updated_at: delivery.createdAt,
    next_attempt_at: delivery.createdAt,
    last_status_code: null,
    last_error: null,
  };
}

function toDelivery(row: Selectable<WebhookDeliveryTable>): WebhookDeliveryRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    requestId: row.request_id,
    flowId: row.flow_id,
    source: row.source,
    url: row.url,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}

function toAttempt(row: Selectable<WebhookAttemptTable>): WebhookAttemptRecord {
  return {
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    error: row.error,
  };
}
