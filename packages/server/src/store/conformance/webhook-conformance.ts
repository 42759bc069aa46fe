import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewWebhookDelivery, Store, WebhookAttemptOutcome } from '../store.ts';
import { StoreConstraintError } from '../store-constraint-error.ts';
import { baseTime, project, run } from './store-fixtures.ts';
import type { ConformanceContext } from './store-test-target.ts';

/** A project with one finished run; answers both ids. */
async function projectWithRun(store: Store): Promise<{ projectId: string; requestId: string }> {
  const projectId = await project(store);
  const finished = run(projectId);
  await store.runs.save([{ run: finished, nodes: [] }]);
  return { projectId, requestId: finished.requestId };
}

function delivery(
  projectId: string,
  requestId: string,
  overrides: Partial<NewWebhookDelivery> = {},
): NewWebhookDelivery {
  return {
    id: randomUUID(),
    projectId,
    requestId,
    flowId: 'flow-a',
    source: 'flow',
    url: 'https://hooks.example.com/in',
    headers: { authorization: 'Bearer t' },
    body: '{"requestId":"r","status":"success","emoji":"🚀"}',
    createdAt: baseTime,
    ...overrides,
  };
}

function outcome(overrides: Partial<WebhookAttemptOutcome> = {}): WebhookAttemptOutcome {
  return {
    startedAt: baseTime + 10,
    durationMs: 12,
    statusCode: 500,
    error: 'HTTP 500',
    status: 'pending',
    nextAttemptAt: baseTime + 30_010,
    ...overrides,
  };
}

/** Webhook secrets (one per project, rotation keeps the previous) and deliveries with their attempts. */
export function describeWebhookConformance(context: ConformanceContext): void {
  describe('webhook secrets', () => {
    it('creates a project’s secret once, and keeps the first when created again', async () => {
      const { store } = context;
      const a = await project(store);
      expect(await store.webhookSecrets.get(a)).toBeUndefined();
      const first = { projectId: a, encryptedSecret: 'v1.one', previousEncryptedSecret: null };
      const created = await store.webhookSecrets.createIfAbsent({ ...first, createdAt: 1, rotatedAt: null });
      expect(created).toEqual({ ...first, createdAt: 1, rotatedAt: null });
      const again = await store.webhookSecrets.createIfAbsent({
        ...first,
        encryptedSecret: 'v1.two',
        createdAt: 2,
        rotatedAt: null,
      });
      expect(again.encryptedSecret).toBe('v1.one');
      expect(await store.webhookSecrets.get(a)).toEqual(created);
    });

    it('rotates, keeping the previous secret; creates on rotation when absent', async () => {
      const { store } = context;
      const a = await project(store);
      const b = await project(store);
      await store.webhookSecrets.createIfAbsent({
        projectId: a,
        encryptedSecret: 'v1.one',
        previousEncryptedSecret: null,
        createdAt: baseTime,
        rotatedAt: null,
      });
      const rotated = await store.webhookSecrets.rotate(a, 'v1.two', baseTime + 5);
      expect(rotated).toEqual({
        projectId: a,
        encryptedSecret: 'v1.two',
        previousEncryptedSecret: 'v1.one',
        createdAt: baseTime,
        rotatedAt: baseTime + 5,
      });
      expect(await store.webhookSecrets.get(a)).toEqual(rotated);
      const fresh = await store.webhookSecrets.rotate(b, 'v1.b', baseTime + 7);
      expect(fresh).toMatchObject({
        encryptedSecret: 'v1.b',
        previousEncryptedSecret: null,
        rotatedAt: null,
      });
      await expect(store.webhookSecrets.rotate('no-such-project', 'v1.x', 1)).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
    });
  });

  describe('webhook deliveries', () => {
    it('creates pending deliveries once per id, scoped to the project', async () => {
      const { store } = context;
      const { projectId, requestId } = await projectWithRun(store);
      const other = await project(store);
      const first = delivery(projectId, requestId);
      await store.webhookDeliveries.create([
        first,
        delivery(projectId, requestId, { source: 'request', createdAt: baseTime + 1 }),
      ]);
      await store.webhookDeliveries.create([{ ...first, url: 'https://changed.example' }]);
      const stored = await store.webhookDeliveries.get(projectId, first.id);
      expect(stored).toEqual({
        ...first,
        status: 'pending',
        attempts: 0,
        updatedAt: baseTime,
        nextAttemptAt: baseTime,
        lastStatusCode: null,
        lastError: null,
      });
      expect(await store.webhookDeliveries.get(other, first.id)).toBeUndefined();
      const listed = await store.webhookDeliveries.list(projectId, { limit: 10, requestId });
      expect(listed.map((entry) => entry.source)).toEqual(['request', 'flow']);
      expect(await store.webhookDeliveries.list(other, { limit: 10 })).toEqual([]);
      expect(await store.webhookDeliveries.list(projectId, { limit: 10, requestId: 'other' })).toEqual([]);
      expect(await store.webhookDeliveries.countPending()).toBe(2);
    });

    it('refuses a delivery of a run that does not exist', async () => {
      const { store } = context;
      const projectId = await project(store);
      await expect(store.webhookDeliveries.create([delivery(projectId, 'no-such-run')])).rejects.toSatisfy(
        (error) => error instanceof StoreConstraintError && error.constraint === 'foreign-key',
      );
    });

    it('numbers attempts, updates the delivery, and never undoes a delivered one', async () => {
      const { store } = context;
      const { projectId, requestId } = await projectWithRun(store);
      const entry = delivery(projectId, requestId);
      await store.webhookDeliveries.create([entry]);
      const first = await store.webhookDeliveries.recordAttempt(projectId, entry.id, outcome());
      expect(first).toEqual({
        deliveryId: entry.id,
        attempt: 1,
        startedAt: baseTime + 10,
        durationMs: 12,
        statusCode: 500,
        error: 'HTTP 500',
      });
      const success = outcome({
        startedAt: baseTime + 40_000,
        statusCode: 204,
        error: null,
        status: 'delivered',
        nextAttemptAt: null,
      });
      expect((await store.webhookDeliveries.recordAttempt(projectId, entry.id, success))?.attempt).toBe(2);
      const late = outcome({
        startedAt: baseTime + 40_001,
        statusCode: null,
        error: 'timed out',
        status: 'failed',
      });
      await store.webhookDeliveries.recordAttempt(projectId, entry.id, late);
      const stored = await store.webhookDeliveries.get(projectId, entry.id);
      expect(stored).toMatchObject({
        status: 'delivered',
        attempts: 3,
        nextAttemptAt: null,
        lastError: 'timed out',
      });
      const attempts = await store.webhookDeliveries.attempts(projectId, [entry.id]);
      expect(attempts.map((attempt) => [attempt.attempt, attempt.statusCode])).toEqual([
        [1, 500],
        [2, 204],
        [3, null],
      ]);
      expect(await store.webhookDeliveries.countPending()).toBe(0);
    });

    it('answers attempts only of the project’s deliveries; nothing for a missing delivery', async () => {
      const { store } = context;
      const { projectId, requestId } = await projectWithRun(store);
      const other = await project(store);
      const entry = delivery(projectId, requestId);
      await store.webhookDeliveries.create([entry]);
      await store.webhookDeliveries.recordAttempt(projectId, entry.id, outcome());
      expect(await store.webhookDeliveries.attempts(other, [entry.id])).toEqual([]);
      expect(await store.webhookDeliveries.attempts(projectId, [])).toEqual([]);
      expect(await store.webhookDeliveries.recordAttempt(other, entry.id, outcome())).toBeUndefined();
      expect(await store.webhookDeliveries.recordAttempt(projectId, 'missing', outcome())).toBeUndefined();
    });

    it('lists overdue pending deliveries across projects, oldest due first', async () => {
      const { store } = context;
      const a = await projectWithRun(store);
      const b = await projectWithRun(store);
      const late = delivery(b.projectId, b.requestId, { createdAt: baseTime - 100 });
      const due = delivery(a.projectId, a.requestId);
      const done = delivery(a.projectId, a.requestId);
      const later = delivery(a.projectId, a.requestId, { createdAt: baseTime + 1_000 });
      await store.webhookDeliveries.create([due, late, done, later]);
      const delivered = outcome({ statusCode: 200, error: null, status: 'delivered', nextAttemptAt: null });
      await store.webhookDeliveries.recordAttempt(a.projectId, done.id, delivered);
      expect(await store.webhookDeliveries.overdue(baseTime + 1, 10)).toEqual([
        { projectId: b.projectId, id: late.id },
        { projectId: a.projectId, id: due.id },
      ]);
      expect(await store.webhookDeliveries.overdue(baseTime + 1, 1)).toHaveLength(1);
    });

    it('goes with its run when the run is deleted', async () => {
      const { store } = context;
      const { projectId, requestId } = await projectWithRun(store);
      const entry = delivery(projectId, requestId);
      await store.webhookDeliveries.create([entry]);
      await store.webhookDeliveries.recordAttempt(projectId, entry.id, outcome());
      const pruned = await store.runs.prune({ keepNewest: 0, batchSize: 10, pauseMs: 0 });
      expect(pruned.deleted).toBe(1);
      expect(await store.webhookDeliveries.get(projectId, entry.id)).toBeUndefined();
      expect(await store.webhookDeliveries.attempts(projectId, [entry.id])).toEqual([]);
    });
  });
}
