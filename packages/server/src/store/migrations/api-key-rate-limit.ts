/**
 * A per-key request rate (DESIGN.md §1, 429 RATE_LIMITED): null keeps the configured default, a number
 * replaces it for that key. Nullable, so existing keys need no backfill.
 */
import type { Kysely, Migration } from 'kysely';

export const apiKeyRateLimit: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('api_keys').addColumn('rate_limit_per_second', 'integer').execute();
  },
};
