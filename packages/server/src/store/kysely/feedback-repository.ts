import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { FeedbackRecord, FeedbackRepository } from '../store.ts';
import { withConstraintErrors } from '../store-constraint-error.ts';
import { fromNullableJsonText, toNullableJsonText } from './json-text.ts';

export class KyselyFeedbackRepository implements FeedbackRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(feedback: FeedbackRecord): Promise<void> {
    await withConstraintErrors(`feedback ${feedback.id}`, () =>
      this.#db
        .insertInto('feedback')
        .values({
          id: feedback.id,
          project_id: feedback.projectId,
          request_id: feedback.requestId,
          rating: feedback.rating,
          comment: feedback.comment,
          metadata: toNullableJsonText(feedback.metadata),
          created_at: feedback.createdAt,
        })
        .execute(),
    );
  }

  /** Oldest first. */
  async list(projectId: string, requestId: string): Promise<FeedbackRecord[]> {
    const rows = await this.#db
      .selectFrom('feedback')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      requestId: row.request_id,
      rating: row.rating,
      comment: row.comment,
      metadata: fromNullableJsonText(row.metadata),
      createdAt: row.created_at,
    }));
  }
}
