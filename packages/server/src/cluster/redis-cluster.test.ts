import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisPrefix, TEST_REDIS_URL } from '../../test/support/redis-prefix.ts';
import { waitFor } from '../queue/job-queue.conformance.ts';
import { RedisCluster } from './redis-cluster.ts';

/** Two "processes" on the machine's Redis, under a key prefix of their own. */
describe('RedisCluster', () => {
  let redis: ReturnType<typeof createRedisPrefix>;
  let first: RedisCluster;
  let second: RedisCluster;
  const errors: unknown[] = [];

  beforeEach(() => {
    redis = createRedisPrefix();
    const options = {
      url: TEST_REDIS_URL,
      prefix: redis.prefix,
      onError: (error: unknown) => errors.push(error),
    };
    first = new RedisCluster(options);
    second = new RedisCluster(options);
  });
  afterEach(async () => {
    await Promise.all([first.close(), second.close()]);
    await redis.drop();
  });

  it('tells the other processes which project changed, not the sender itself', async () => {
    const heardByFirst: string[] = [];
    const heardBySecond: string[] = [];
    await first.subscribe({ project: (id) => heardByFirst.push(id), everything: () => {} });
    await second.subscribe({ project: (id) => heardBySecond.push(id), everything: () => {} });
    const sentAt = Date.now();
    second.publish('project-1');
    await waitFor(() => heardByFirst.length === 1, 1000);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(heardByFirst).toEqual(['project-1']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardBySecond).toEqual([]);
  });

  it('forgets everything after its subscription was cut (messages may have been missed), and listens on', async () => {
    let resets = 0;
    const heard: string[] = [];
    await first.subscribe({ project: (id) => heard.push(id), everything: () => resets++ });
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const clients = (await admin.client('LIST')) as string;
      const id = clients
        .split('\n')
        .find((line) => line.includes(`name=${redis.prefix}:subscriber`))
        ?.match(/\bid=(\d+)/)?.[1];
      expect(id).toBeDefined();
      await admin.client('KILL', 'ID', id as string);
    } finally {
      admin.disconnect();
    }
    await waitFor(() => resets === 1, 5000);
    // ioredis subscribes again on reconnecting: the channel still works.
    await waitFor(async () => {
      second.publish('after');
      await new Promise((resolve) => setTimeout(resolve, 50));
      return heard.includes('after');
    }, 5000);
  });

  it('gives a claim to one process only', async () => {
    const claims = await Promise.all([first.claimOnce('tick-1', 1000), second.claimOnce('tick-1', 1000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await first.claimOnce('tick-2', 1000)).toBe(true);
  });
});
