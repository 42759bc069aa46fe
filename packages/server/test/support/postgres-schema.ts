import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (DESIGN.md §7). */
export const TEST_DATABASE_URL =
  process.env.FLOWGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh schema of the test database, named like the store tests' (`flowgate_test_<base-36 time>_<random>`,
 * so their clean-up of stale schemas covers these too). `url` sets it as the search path of every
 * connection, the way a deployment would point Flowgate at its own schema.
 */
export async function createTestSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `flowgate_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
