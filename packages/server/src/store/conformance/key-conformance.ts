import { describe, expect, it } from 'vitest';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { apiKey, baseTime, nestedJson, project } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

/** API keys, secret keys, secrets and flows: the project data read on every request. */
export function describeKeyConformance(context: ConformanceContext): void {
  describe('api keys', () => {
    it('creates a key and finds it by hash with every field intact', async () => {
      const { store } = context;
      const projectId = await project(store);
      const key = apiKey(projectId, { expiresAt: baseTime + 1000, scopes: ['execute'] });
      await store.apiKeys.create(key);
      expect(await store.apiKeys.findByHash(key.hash)).toEqual(key);
      expect(await store.apiKeys.findByHash('unknown')).toBeUndefined();
    });

    it('keeps a key’s own rate limit, and leaves it absent on keys without one', async () => {
      const { store } = context;
      const projectId = await project(store);
      const limited = apiKey(projectId, { rateLimitPerSecond: 5 });
      const plain = apiKey(projectId);
      await store.apiKeys.create(limited);
      await store.apiKeys.create(plain);
      expect(await store.apiKeys.findByHash(limited.hash)).toEqual(limited);
      const found = await store.apiKeys.findByHash(plain.hash);
      expect(found !== undefined && 'rateLimitPerSecond' in found).toBe(false);
    });

    it('lists only the project’s keys, newest first', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const older = apiKey(a, { createdAt: baseTime });
      const newer = apiKey(a, { createdAt: baseTime + 5 });
      await store.apiKeys.create(older);
      await store.apiKeys.create(newer);
      await store.apiKeys.create(apiKey(b));
      expect((await store.apiKeys.list(a)).map((key) => key.id)).toEqual([newer.id, older.id]);
      expect(await store.apiKeys.list(b)).toHaveLength(1);
    });

    it('refuses a duplicate hash, and a key of a missing project, with a StoreConstraintError', async () => {
      const { store } = context;
      const projectId = await project(store);
      const key = apiKey(projectId);
      await store.apiKeys.create(key);
      await expect(store.apiKeys.create(apiKey(projectId, { hash: key.hash }))).rejects.toSatisfy(
        (error) => error instanceof StoreConstraintError && error.constraint === 'unique',
      );
      await expect(store.apiKeys.create(apiKey('no-such-project'))).rejects.toSatisfy(
        (error) => error instanceof StoreConstraintError && error.constraint === 'foreign-key',
      );
    });

    it('revokes once: a second revoke keeps the first time; another project cannot revoke', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const key = apiKey(a);
      await store.apiKeys.create(key);
      expect(await store.apiKeys.revoke(b, key.id, baseTime + 1)).toBe(false);
      expect((await store.apiKeys.findByHash(key.hash))?.revokedAt).toBeNull();
      expect(await store.apiKeys.revoke(a, key.id, baseTime + 2)).toBe(true);
      expect(await store.apiKeys.revoke(a, key.id, baseTime + 3)).toBe(true);
      expect((await store.apiKeys.findByHash(key.hash))?.revokedAt).toBe(baseTime + 2);
      expect(await store.apiKeys.revoke(a, 'missing', baseTime)).toBe(false);
    });

    it('touches keys in batches: the latest use wins, times never go back, unknown ids are ignored', async () => {
      const { store } = context;
      const projectId = await project(store);
      const first = apiKey(projectId);
      const second = apiKey(projectId);
      await store.apiKeys.create(first);
      await store.apiKeys.create(second);
      await store.apiKeys.touch([]);
      await store.apiKeys.touch([
        { id: first.id, at: baseTime + 30 },
        { id: second.id, at: baseTime + 10 },
        { id: first.id, at: baseTime + 50 },
        { id: first.id, at: baseTime + 40 },
        { id: 'unknown', at: baseTime + 60 },
      ]);
      await store.apiKeys.touch([{ id: second.id, at: baseTime + 5 }]);
      expect((await store.apiKeys.findByHash(first.hash))?.lastUsedAt).toBe(baseTime + 50);
      expect((await store.apiKeys.findByHash(second.hash))?.lastUsedAt).toBe(baseTime + 10);
      const many = Array.from({ length: 500 }, (_, index) => ({ id: second.id, at: baseTime + 100 + index }));
      await store.apiKeys.touch(many);
      expect((await store.apiKeys.findByHash(second.hash))?.lastUsedAt).toBe(baseTime + 599);
    });
  });

  describe('secret keys', () => {
    it('lists newest first, active ones without revoked, per project; revoke is idempotent', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const key = (id: string, projectId: string, createdAt: number) => ({
        id,
        projectId,
        encryptedSecret: `sealed-${id}`,
        createdAt,
        revokedAt: null,
      });
      await store.secretKeys.create(key('k1', a, baseTime));
      await store.secretKeys.create(key('k2', a, baseTime + 1));
      await store.secretKeys.create(key('k3', b, baseTime + 2));
      expect(await store.secretKeys.revoke(b, 'k1', baseTime + 5)).toBe(false);
      expect(await store.secretKeys.revoke(a, 'k1', baseTime + 5)).toBe(true);
      expect(await store.secretKeys.revoke(a, 'k1', baseTime + 9)).toBe(true);
      expect(await store.secretKeys.revoke(a, 'missing', baseTime)).toBe(false);
      expect(await store.secretKeys.listActive(a)).toEqual([key('k2', a, baseTime + 1)]);
      const all = await store.secretKeys.list(a);
      expect(all.map((k) => [k.id, k.revokedAt])).toEqual([
        ['k2', null],
        ['k1', baseTime + 5],
      ]);
      expect((await store.secretKeys.list(b)).map((k) => k.id)).toEqual(['k3']);
      await expect(store.secretKeys.create(key('k1', a, baseTime))).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
    });
  });

  describe('secrets', () => {
    it('puts (insert or replace), lists by name and deletes, per project', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      const secret = (projectId: string, name: string, value: string, updatedAt: number) => ({
        projectId,
        name,
        encryptedValue: value,
        updatedAt,
      });
      await store.secrets.put(secret(a, 'OPENAI', 'v1', baseTime));
      await store.secrets.put(secret(a, 'GROQ', 'g1', baseTime));
      await store.secrets.put(secret(a, 'OPENAI', 'v2', baseTime + 1));
      await store.secrets.put(secret(b, 'OPENAI', 'other', baseTime));
      expect(await store.secrets.list(a)).toEqual([
        secret(a, 'GROQ', 'g1', baseTime),
        secret(a, 'OPENAI', 'v2', baseTime + 1),
      ]);
      expect(await store.secrets.delete(b, 'GROQ')).toBe(false);
      expect(await store.secrets.delete(a, 'GROQ')).toBe(true);
      expect(await store.secrets.delete(a, 'GROQ')).toBe(false);
      expect((await store.secrets.list(a)).map((s) => s.name)).toEqual(['OPENAI']);
      expect(await store.secrets.list(b)).toEqual([secret(b, 'OPENAI', 'other', baseTime)]);
    });
  });

  describe('flows', () => {
    it('puts drafts, replaces them, round-trips nested JSON and keeps projects apart', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      await store.flows.put({
        projectId: a,
        id: 'flow-b',
        name: 'B',
        definition: { nodes: [] },
        updatedAt: 1,
      });
      await store.flows.put({ projectId: a, id: 'flow-a', name: 'A', definition: { v: 1 }, updatedAt: 2 });
      await store.flows.put({ projectId: a, id: 'flow-a', name: 'A2', definition: nestedJson, updatedAt: 3 });
      const stored = await store.flows.get(a, 'flow-a');
      expect(stored).toEqual({
        projectId: a,
        id: 'flow-a',
        name: 'A2',
        definition: nestedJson,
        updatedAt: 3,
      });
      expect(JSON.stringify(stored?.definition)).toBe(JSON.stringify(nestedJson));
      expect((await store.flows.list(a)).map((flow) => flow.id)).toEqual(['flow-a', 'flow-b']);
      expect(await store.flows.get(b, 'flow-a')).toBeUndefined();
      expect(await store.flows.list(b)).toEqual([]);
    });
  });
}
