import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.ts';

const depth = async () => ({ waiting: 0, delayed: 0, oldestAgeMs: null });

describe('checkReadiness', () => {
  it('is ready when the store is and the queue, when wired, answers its depth', async () => {
    expect(await checkReadiness({ store: { readiness: async () => [] } })).toEqual([]);
    expect(await checkReadiness({ store: { readiness: async () => [] }, queue: () => undefined })).toEqual(
      [],
    );
    expect(await checkReadiness({ store: { readiness: async () => [] }, queue: () => ({ depth }) })).toEqual(
      [],
    );
  });

  it('lists what is not ready: the store’s problems and an unreadable queue, by code only', async () => {
    const failing = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6379'), { code: 'ECONNREFUSED' });
    const problems = await checkReadiness({
      store: { readiness: async () => ['database migrations not applied: 0005_runs_created_index'] },
      queue: () => ({ depth: () => Promise.reject(failing) }),
    });
    expect(problems).toEqual([
      'database migrations not applied: 0005_runs_created_index',
      'queue not readable (ECONNREFUSED)',
    ]);
  });

  it('counts a check slower than the timeout as failed', async () => {
    const never = () => new Promise<never>(() => undefined);
    const problems = await checkReadiness({
      store: { readiness: never },
      queue: () => ({ depth: never }),
      timeoutMs: 20,
    });
    expect(problems).toEqual(['database check timed out', 'queue check timed out']);
  });
});
