/**
 * The contract every Store adapter must meet, written once and registered by each adapter's test file
 * against a real database (sqlite/sqlite-store.test.ts, postgres/postgres-store.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCredentialConformance } from './conformance/credential-conformance.ts';
import { describeDeploymentConformance } from './conformance/deployment-conformance.ts';
import { describeKeyConformance } from './conformance/key-conformance.ts';
import { describePruneConformance } from './conformance/prune-conformance.ts';
import { describeReadinessConformance } from './conformance/readiness-conformance.ts';
import { describeRunConformance } from './conformance/run-conformance.ts';
import { project, projectIds } from './conformance/store-fixtures.ts';
import type {
  ConformanceContext,
  StoreTestDatabase,
  StoreTestTarget,
} from './conformance/store-test-target.ts';
import { describeStudioAccountConformance } from './conformance/studio-account-conformance.ts';
import { describeWebhookConformance } from './conformance/webhook-conformance.ts';
import type { Store } from './store.ts';
import { StoreConstraintError } from './store-constraint-error.ts';

export type { StoreTestDatabase, StoreTestTarget } from './conformance/store-test-target.ts';

export function describeStoreConformance(name: string, target: StoreTestTarget): void {
  describe(`Store conformance: ${name}`, () => {
    const context = useFreshDatabasePerTest(target);

    describe('projects', () => {
      it('creates, gets and lists projects', async () => {
        const { store } = context;
        const [a, b] = projectIds();
        await store.projects.create({ id: a, name: 'Alpha', createdAt: 1_700_000_000_000 });
        await store.projects.create({ id: b, name: 'Beta', createdAt: 1_700_000_000_001 });
        expect(await store.projects.get(a)).toEqual({ id: a, name: 'Alpha', createdAt: 1_700_000_000_000 });
        expect(await store.projects.get('missing')).toBeUndefined();
        expect((await store.projects.list()).map((p) => p.id)).toEqual([a, b]);
      });

      it('keeps settings per project: empty until saved, replaced as a whole, never shared', async () => {
        const { store } = context;
        const a = await project(store);
        const b = await project(store);
        expect(await store.projects.getSettings(a)).toEqual({});
        const smartRetries = { enabled: true, maxRetries: 2, delayMs: 500 };
        await store.projects.putSettings(a, { smartRetries }, 1);
        await store.projects.putSettings(a, { smartRetries: { ...smartRetries, enabled: false } }, 2);
        expect(await store.projects.getSettings(a)).toEqual({
          smartRetries: { ...smartRetries, enabled: false },
        });
        expect(await store.projects.getSettings(b)).toEqual({});
        await expect(store.projects.putSettings('missing', {}, 3)).rejects.toBeInstanceOf(
          StoreConstraintError,
        );
      });

      it('refuses a duplicate project id with a StoreConstraintError', async () => {
        const created = await project(context.store);
        const duplicate = context.store.projects.create({ id: created, name: 'again', createdAt: 1 });
        await expect(duplicate).rejects.toSatisfy(
          (error) => error instanceof StoreConstraintError && error.constraint === 'unique',
        );
      });
    });

    describeKeyConformance(context);
    describeDeploymentConformance(context, target);
    describeRunConformance(context);
    describePruneConformance(context);
    describeReadinessConformance(target);
    describeCredentialConformance(context);
    describeWebhookConformance(context);
    describeStudioAccountConformance(context);

    describe('feedback', () => {
      it('stores feedback per run and never shows it to another project', async () => {
        const { store } = context;
        const a = await project(store);
        const b = await project(store);
        const metadata = { tags: ['slow', 'wrong'], nested: { score: 0.5, ok: false } };
        await store.feedback.create({
          id: 'f2',
          projectId: a,
          requestId: 'r1',
          rating: 5,
          comment: 'great',
          metadata,
          createdAt: 1_700_000_000_002,
        });
        await store.feedback.create({
          id: 'f1',
          projectId: a,
          requestId: 'r1',
          rating: null,
          comment: null,
          metadata: null,
          createdAt: 1_700_000_000_001,
        });
        const listed = await store.feedback.list(a, 'r1');
        expect(listed.map((f) => f.id)).toEqual(['f1', 'f2']);
        expect(listed[1]).toEqual({
          id: 'f2',
          projectId: a,
          requestId: 'r1',
          rating: 5,
          comment: 'great',
          metadata,
          createdAt: 1_700_000_000_002,
        });
        expect(listed[0]?.metadata).toBeNull();
        expect(await store.feedback.list(b, 'r1')).toEqual([]);
        expect(await store.feedback.list(a, 'other')).toEqual([]);
      });
    });

    describe('migrate', () => {
      it('is a no-op when run again', async () => {
        await context.store.migrate();
        await context.store.migrate();
        await project(context.store);
      });

      it('is safe when called concurrently on an empty database', async () => {
        const database = await target.createDatabase();
        const stores: Store[] = [];
        try {
          const first = database.open();
          stores.push(first);
          const migrations = [first.migrate(), first.migrate()];
          if (target.concurrentStoresInOneThread) {
            const second = database.open();
            const third = database.open();
            stores.push(second, third);
            migrations.push(second.migrate(), third.migrate());
          }
          await Promise.all(migrations);
          await project(first);
          expect(await first.projects.list()).toHaveLength(1);
        } finally {
          await Promise.all(stores.map((store) => store.close()));
          await database.drop();
        }
      });
    });

    it('answers externalChangeVersion synchronously with a number', () => {
      const version = context.store.externalChangeVersion();
      expect(Number.isFinite(version)).toBe(true);
    });
  });
}

/** A new database per test, migrated; every store opened on it is closed before it is dropped. */
function useFreshDatabasePerTest(target: StoreTestTarget): ConformanceContext {
  let current: { database: StoreTestDatabase; store: Store; opened: Store[] } | undefined;
  const inTest = () => {
    if (current === undefined) throw new Error('the conformance store exists only while a test runs');
    return current;
  };
  beforeEach(async () => {
    const database = await target.createDatabase();
    const store = database.open();
    current = { database, store, opened: [store] };
    await store.migrate();
  });
  afterEach(async () => {
    if (current === undefined) return;
    const { database, opened } = current;
    current = undefined;
    await Promise.all(opened.map((store) => store.close()));
    await database.drop();
  });
  return {
    get store() {
      return inTest().store;
    },
    openAnother() {
      const { database, opened } = inTest();
      const store = database.open();
      opened.push(store);
      return store;
    },
  };
}
