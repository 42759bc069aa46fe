import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.ts';

describe('Deadlines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers with the value when the promise settles first, and forgets the wait', async () => {
    const deadlines = new Deadlines(1000);
    await expect(deadlines.race(Promise.resolve('done'))).resolves.toBe('done');
    await expect(deadlines.race(Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(deadlines.size).toBe(0);
  });

  it('answers undefined for each wait whose deadline passes, in start order, with one timer', async () => {
    vi.useFakeTimers();
    let now = 0;
    const deadlines = new Deadlines(100, () => now);
    const never = new Promise<string>(() => {});
    const first = deadlines.race(never);
    now = 40;
    let settleSecond: (value: string) => void = () => {};
    const second = deadlines.race(new Promise<string>((resolve) => (settleSecond = resolve)));
    now = 60;
    const third = deadlines.race(never);
    expect(vi.getTimerCount()).toBe(1);

    now = 100;
    await vi.advanceTimersByTimeAsync(100);
    await expect(first).resolves.toBeUndefined();
    expect(deadlines.size).toBe(2);

    // The second ends before its deadline: the timer then serves the third.
    settleSecond('in time');
    await expect(second).resolves.toBe('in time');
    now = 160;
    await vi.advanceTimersByTimeAsync(60);
    await expect(third).resolves.toBeUndefined();
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a promise that settles after its deadline changes nothing', async () => {
    vi.useFakeTimers();
    let now = 0;
    const deadlines = new Deadlines(10, () => now);
    let settle: (value: string) => void = () => {};
    const wait = deadlines.race(new Promise<string>((resolve) => (settle = resolve)));
    const other = deadlines.race(new Promise<string>(() => {}));
    now = 10;
    await vi.advanceTimersByTimeAsync(10);
    await expect(wait).resolves.toBeUndefined();
    await expect(other).resolves.toBeUndefined();
    settle('late');
    await Promise.resolve();
    expect(deadlines.size).toBe(0);
  });
});
