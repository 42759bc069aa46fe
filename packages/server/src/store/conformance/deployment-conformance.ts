import { describe, expect, it } from 'vitest';
import type { Store } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { baseTime, nestedJson, project } from './store-fixtures.ts';
import type { ConformanceContext, StoreTestTarget } from './store-test-target.ts';

export function describeDeploymentConformance(context: ConformanceContext, target: StoreTestTarget): void {
  describe('deployments', () => {
    it('numbers deployments 1, 2, 3… and keeps only the newest active', async () => {
      const { store } = context;
      const projectId = await project(store);
      expect(await store.deployments.getActive(projectId)).toBeUndefined();
      const first = await store.deployments.create(projectId, { flows: [] }, baseTime);
      expect(first).toEqual({
        projectId,
        number: 1,
        snapshot: { flows: [] },
        createdAt: baseTime,
        active: true,
      });
      const second = await store.deployments.create(projectId, nestedJson, baseTime + 1);
      expect(second.number).toBe(2);
      expect(await store.deployments.getActive(projectId)).toEqual(second);
      expect(await store.deployments.get(projectId, 1)).toEqual({ ...first, active: false });
      expect(await store.deployments.get(projectId, 3)).toBeUndefined();
      const listed = await store.deployments.list(projectId);
      expect(listed.map((d) => [d.number, d.active])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(listed[0]?.snapshot).toEqual(nestedJson);
    });

    it('rolls back by activating an older deployment; a missing number changes nothing', async () => {
      const { store } = context;
      const projectId = await project(store);
      for (let index = 0; index < 3; index++) await store.deployments.create(projectId, { index }, baseTime);
      expect(await store.deployments.activate(projectId, 1)).toBe(true);
      expect((await store.deployments.getActive(projectId))?.number).toBe(1);
      expect(await store.deployments.activate(projectId, 9)).toBe(false);
      expect((await store.deployments.getActive(projectId))?.number).toBe(1);
      expect(await store.deployments.activate(projectId, 1)).toBe(true);
      const active = (await store.deployments.list(projectId)).filter((d) => d.active);
      expect(active.map((d) => d.number)).toEqual([1]);
      // A deploy after a rollback takes the next number and becomes the active one.
      expect((await store.deployments.create(projectId, {}, baseTime)).number).toBe(4);
      expect((await store.deployments.getActive(projectId))?.number).toBe(4);
    });

    it('keeps projects apart', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      await store.deployments.create(a, { owner: 'a' }, baseTime);
      expect(await store.deployments.getActive(b)).toBeUndefined();
      expect(await store.deployments.get(b, 1)).toBeUndefined();
      expect(await store.deployments.list(b)).toEqual([]);
      expect(await store.deployments.activate(b, 1)).toBe(false);
      const own = await store.deployments.create(b, { owner: 'b' }, baseTime);
      expect(own.number).toBe(1);
      expect((await store.deployments.getActive(a))?.snapshot).toEqual({ owner: 'a' });
    });

    it('refuses a deployment of a missing project', async () => {
      await expect(context.store.deployments.create('no-such-project', {}, baseTime)).rejects.toSatisfy(
        (error) => error instanceof StoreConstraintError && error.constraint === 'foreign-key',
      );
    });

    it('gives concurrent deploys distinct sequential numbers and exactly one active', async () => {
      const { store } = context;
      const projectId = await project(store);
      const stores: Store[] = [store];
      if (target.concurrentStoresInOneThread) stores.push(context.openAnother(), context.openAnother());
      const created = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          stores[index % stores.length]?.deployments.create(projectId, { index }, baseTime + index),
        ),
      );
      const numbers = created.map((deployment) => deployment?.number).sort((x = 0, y = 0) => x - y);
      expect(numbers).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      const active = (await store.deployments.list(projectId)).filter((d) => d.active);
      expect(active.map((d) => d.number)).toEqual([12]);
    });

    it('keeps exactly one active under concurrent deploys and rollbacks', async () => {
      const { store } = context;
      const projectId = await project(store);
      await store.deployments.create(projectId, {}, baseTime);
      await store.deployments.create(projectId, {}, baseTime);
      const other = target.concurrentStoresInOneThread ? context.openAnother() : store;
      await Promise.all([
        store.deployments.activate(projectId, 1),
        other.deployments.create(projectId, {}, baseTime),
        other.deployments.activate(projectId, 2),
        store.deployments.create(projectId, {}, baseTime),
        store.deployments.activate(projectId, 1),
      ]);
      const listed = await store.deployments.list(projectId);
      expect(listed.map((d) => d.number)).toEqual([4, 3, 2, 1]);
      expect(listed.filter((d) => d.active)).toHaveLength(1);
    });
  });
}
