import { describe, expect, it } from 'vitest';
import { readReportChoice, reportQuery, writeReportChoice } from './report-range.ts';

describe('report range in the URL', () => {
  it('defaults to the last 24 hours by hour', () => {
    expect(readReportChoice(new URLSearchParams())).toEqual({ range: '24h', bucket: 'hour', flowId: '' });
    expect(readReportChoice(new URLSearchParams('range=year&bucket=minute'))).toEqual({
      range: '24h',
      bucket: 'hour',
      flowId: '',
    });
  });

  it('round-trips a choice and keeps the link short', () => {
    const choice = { range: '7d', bucket: 'hour', flowId: 'hello' } as const;
    const params = writeReportChoice(choice);
    expect(params.toString()).toBe('range=7d&bucket=hour&flow=hello');
    expect(readReportChoice(params)).toEqual(choice);
    expect(writeReportChoice({ range: '30d', bucket: 'day', flowId: '' }).toString()).toBe('range=30d');
  });

  it('asks the API for the period ending now', () => {
    expect(reportQuery({ range: '24h', bucket: 'hour', flowId: '' }, 100_000_000)).toEqual({
      from: 100_000_000 - 86_400_000,
      to: 100_000_000,
      bucket: 'hour',
    });
  });
});
