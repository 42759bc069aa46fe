import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatPercent } from './format.ts';

describe('Logs and Reports number formats', () => {
  it('writes durations from zero to minutes', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.4)).toBe('<1 ms');
    expect(formatDuration(233)).toBe('233 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('writes small costs with four decimals and percentages without noise', () => {
    expect(formatCost(0.00027)).toBe('$0.0003');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(null)).toBe('—');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(0.2)).toBe('20%');
  });
});
