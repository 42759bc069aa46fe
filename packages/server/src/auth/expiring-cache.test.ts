import { describe, expect, it } from 'vitest';
import { ExpiringCache } from './expiring-cache.ts';

const cache = (maxEntries = 3, ttlMs = 1000) => new ExpiringCache<string, string>({ maxEntries, ttlMs });

describe('ExpiringCache', () => {
  it('answers until the time-to-live has passed', () => {
    const entries = cache();
    entries.set('a', 'A', 0, 1);
    expect(entries.get('a', 999, 1)).toBe('A');
    expect(entries.get('a', 1000, 1)).toBeUndefined();
    expect(entries.size).toBe(0);
  });

  it('drops an entry once the external change version moves', () => {
    const entries = cache();
    entries.set('a', 'A', 0, 1);
    expect(entries.get('a', 1, 2)).toBeUndefined();
    expect(entries.get('a', 1, 1)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its bound', () => {
    const entries = cache(2);
    entries.set('a', 'A', 0, 1);
    entries.set('b', 'B', 0, 1);
    expect(entries.get('a', 0, 1)).toBe('A');
    entries.set('c', 'C', 0, 1);
    expect(entries.get('b', 0, 1)).toBeUndefined();
    expect(entries.get('a', 0, 1)).toBe('A');
    expect(entries.get('c', 0, 1)).toBe('C');
    expect(entries.size).toBe(2);
  });

  it('shares one load among concurrent misses and caches a defined result', async () => {
    const entries = cache();
    let loads = 0;
    const loader = async () => {
      loads += 1;
      return 'A';
    };
    const results = await Promise.all([1, 2, 3].map(() => entries.load('a', 0, 1, loader)));
    expect(results).toEqual(['A', 'A', 'A']);
    expect(loads).toBe(1);
    expect(entries.get('a', 1, 1)).toBe('A');
    await entries.load('b', 0, 1, async () => undefined);
    expect(entries.get('b', 0, 1)).toBeUndefined();
  });

  it('does not cache a load that began before an invalidation', async () => {
    for (const invalidate of [
      (entries: ExpiringCache<string, string>) => entries.delete('a'),
      (entries: ExpiringCache<string, string>) => entries.deleteWhere(() => true),
      (entries: ExpiringCache<string, string>) => entries.clear(),
    ]) {
      const entries = cache();
      let release: (value: string) => void = () => {};
      const slow = entries.load('a', 0, 1, () => new Promise<string>((resolve) => (release = resolve)));
      invalidate(entries);
      release('stale');
      expect(await slow).toBe('stale');
      expect(entries.get('a', 0, 1)).toBeUndefined();
    }
  });

  it('lets a failed load be retried', async () => {
    const entries = cache();
    await expect(entries.load('a', 0, 1, async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await entries.load('a', 0, 1, async () => 'A')).toBe('A');
  });

  it('deleteWhere removes matching values only', () => {
    const entries = cache();
    entries.set('a', 'keep', 0, 1);
    entries.set('b', 'drop', 0, 1);
    entries.deleteWhere((value) => value === 'drop');
    expect(entries.get('a', 0, 1)).toBe('keep');
    expect(entries.get('b', 0, 1)).toBeUndefined();
  });
});
