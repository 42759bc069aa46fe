import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.ts';
import { ProjectConcurrency } from './project-concurrency.ts';

describe('ProjectConcurrency', () => {
  it('refuses a sync run over the cap with RATE_LIMITED and a retry hint', () => {
    const slots = new ProjectConcurrency(2);
    const first = slots.take('p');
    slots.take('p');
    let refused: unknown;
    try {
      slots.take('p');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 1 } });
    expect((refused as Error).message).toMatch(/already has 2 runs in progress/);
    expect(() => slots.take('other')).not.toThrow();
    first();
    first();
    expect(slots.load('p')).toEqual({ running: 1, waiting: 0 });
    expect(() => slots.take('p')).not.toThrow();
  });

  it('hands released slots to waiting background runs, oldest first', async () => {
    const slots = new ProjectConcurrency(1);
    const release = await slots.wait('p');
    const order: number[] = [];
    const waiters = [1, 2, 3].map((index) =>
      slots.wait('p').then((next) => {
        order.push(index);
        return next;
      }),
    );
    expect(slots.load('p')).toEqual({ running: 1, waiting: 3 });
    release();
    (await waiters[0])?.();
    (await waiters[1])?.();
    (await waiters[2])?.();
    expect(order).toEqual([1, 2, 3]);
    expect(slots.load('p')).toEqual({ running: 0, waiting: 0 });
  });

  it('caps nothing at 0', async () => {
    const slots = new ProjectConcurrency(0);
    for (let index = 0; index < 100; index++) slots.take('p');
    await slots.wait('p');
    expect(slots.load('p')).toEqual({ running: 0, waiting: 0 });
  });
});
