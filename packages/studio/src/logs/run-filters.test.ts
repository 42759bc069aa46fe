import { describe, expect, it } from 'vitest';
import {
  hasFilters,
  NO_FILTERS,
  rangeProblem,
  readRunFilters,
  runQuery,
  writeRunFilters,
} from './run-filters.ts';

describe('Logs filters in the URL', () => {
  it('reads an empty URL as no filters, and ignores unknown values', () => {
    expect(readRunFilters(new URLSearchParams())).toEqual(NO_FILTERS);
    expect(readRunFilters(new URLSearchParams('status=weird&range=forever'))).toEqual(NO_FILTERS);
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('round-trips every filter', () => {
    const filters = {
      flowId: 'hello',
      status: 'error',
      range: 'custom',
      from: 1_000,
      to: 2_000,
      search: 'pineapple',
    } as const;
    const params = writeRunFilters(filters);
    expect(params.toString()).toBe('flow=hello&status=error&range=custom&from=1000&to=2000&q=pineapple');
    expect(readRunFilters(params)).toEqual(filters);
  });

  it('turns a preset into a period ending now, and trims the search', () => {
    const filters = { ...NO_FILTERS, range: '1h', search: '  word ' } as const;
    expect(runQuery(filters, 10_000_000)).toEqual({
      from: 10_000_000 - 3_600_000,
      to: 10_000_000,
      search: 'word',
    });
    expect(runQuery(NO_FILTERS, 5)).toEqual({});
  });

  it('says when a custom period is backwards', () => {
    expect(rangeProblem({ ...NO_FILTERS, range: 'custom', from: 5, to: 1 })).toMatch(/starts after it ends/);
    expect(rangeProblem({ ...NO_FILTERS, range: 'custom', from: 1, to: 5 })).toBeNull();
  });
});
