import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis (DESIGN.md §7). */
export const TEST_REDIS_URL = process.env.FLOWGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of one's own on the shared Redis, and a way to delete every key under it. */
export function createRedisPrefix(): { prefix: string; drop(): Promise<void> } {
  const prefix = `flowgate:test-${randomBytes(6).toString('hex')}`;
  return {
    prefix,
    async drop() {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        await deleteKeys(redis, prefix);
        // Connections closing a moment ago may still write a queue's bookkeeping keys: sweep again.
        await new Promise((resolve) => setTimeout(resolve, 250));
        await deleteKeys(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
