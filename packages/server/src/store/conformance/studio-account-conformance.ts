import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { baseTime, project } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: randomUUID(),
    email: `owner-${randomUUID().slice(0, 8)}@example.com`,
    passwordHash: 'scrypt$16384$8$1$salt$hash',
    createdAt: baseTime,
    ...overrides,
  };
}

/** Studio accounts, their sessions, and draft deletion. */
export function describeStudioAccountConformance(context: ConformanceContext): void {
  describe('studio accounts', () => {
    it('creates the first user only once, and refuses a duplicate email', async () => {
      const { store } = context;
      expect(await store.users.count()).toBe(0);
      const owner = user({ email: 'owner@example.com' });
      expect(await store.users.createFirst(owner)).toBe(true);
      expect(await store.users.createFirst(user())).toBe(false);
      expect(await store.users.count()).toBe(1);
      expect(await store.users.findByEmail('owner@example.com')).toEqual(owner);
      expect(await store.users.get(owner.id)).toEqual(owner);
      expect(await store.users.findByEmail('nobody@example.com')).toBeUndefined();
      await expect(store.users.create(user({ email: 'owner@example.com' }))).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
    });

    it('creates exactly one first user when setups race with different emails', async () => {
      const { store } = context;
      const racers = Array.from({ length: 5 }, () => user());
      const won = await Promise.all(racers.map((racer) => store.users.createFirst(racer)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.users.count()).toBe(1);
      const winner = racers[won.indexOf(true)];
      expect(await store.users.findByEmail(winner?.email ?? '')).toEqual(winner);
    });

    it('finds live sessions only, slides their expiry and deletes them', async () => {
      const { store } = context;
      const owner = user();
      await store.users.create(owner);
      const session = {
        id: 'a'.repeat(64),
        userId: owner.id,
        createdAt: baseTime,
        expiresAt: baseTime + 1000,
      };
      await store.sessions.create({ ...session, lastSeenAt: baseTime });
      expect(await store.sessions.findLive(session.id, baseTime + 999)).toEqual({
        ...session,
        lastSeenAt: baseTime,
      });
      expect(await store.sessions.findLive(session.id, baseTime + 1000)).toBeUndefined();
      await store.sessions.touch(session.id, baseTime + 500, baseTime + 5000);
      expect((await store.sessions.findLive(session.id, baseTime + 2000))?.lastSeenAt).toBe(baseTime + 500);
      await store.sessions.create({ ...session, id: 'b'.repeat(64), lastSeenAt: baseTime });
      expect(await store.sessions.deleteExpired(baseTime + 2000)).toBe(1);
      expect(await store.sessions.delete(session.id)).toBe(true);
      expect(await store.sessions.delete(session.id)).toBe(false);
      await expect(
        store.sessions.create({ ...session, id: 'c'.repeat(64), userId: 'missing', lastSeenAt: baseTime }),
      ).rejects.toBeInstanceOf(StoreConstraintError);
    });

    it('deletes a draft flow of its project only', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const flow = { id: 'f1', name: 'F', definition: { id: 'f1' }, updatedAt: baseTime };
      await store.flows.put({ ...flow, projectId: a });
      await store.flows.put({ ...flow, projectId: b });
      expect(await store.flows.delete(a, 'f1')).toBe(true);
      expect(await store.flows.delete(a, 'f1')).toBe(false);
      expect(await store.flows.get(a, 'f1')).toBeUndefined();
      expect((await store.flows.get(b, 'f1'))?.id).toBe('f1');
    });
  });
}
