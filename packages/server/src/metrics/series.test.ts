import { describe, expect, it } from 'vitest';
import { CounterFamily, HistogramFamily } from './series.ts';

describe('lean metric series', () => {
  it('renders a histogram with cumulative buckets, +Inf, sum and count per label set', () => {
    const family = new HistogramFamily('t_seconds', 'Time.', ['operation', 'status'], [0.1, 1]);
    const ok = family.series('run', '200');
    for (const value of [0.05, 0.1, 0.5, 3, Number.NaN]) ok.observe(value);
    expect(family.series('run', '200')).toBe(ok);
    family.series('other', '500').observe(2);
    expect(family.render()).toBe(
      [
        '# HELP t_seconds Time.',
        '# TYPE t_seconds histogram',
        't_seconds_bucket{le="0.1",operation="run",status="200"} 2',
        't_seconds_bucket{le="1",operation="run",status="200"} 3',
        't_seconds_bucket{le="+Inf",operation="run",status="200"} 4',
        't_seconds_sum{operation="run",status="200"} 3.65',
        't_seconds_count{operation="run",status="200"} 4',
        't_seconds_bucket{le="0.1",operation="other",status="500"} 0',
        't_seconds_bucket{le="1",operation="other",status="500"} 0',
        't_seconds_bucket{le="+Inf",operation="other",status="500"} 1',
        't_seconds_sum{operation="other",status="500"} 2',
        't_seconds_count{operation="other",status="500"} 1',
      ].join('\n'),
    );
  });

  it('escapes label values and help, and writes label-less series without braces', () => {
    const counter = new CounterFamily('c_total', 'Counts\\things\nhere.', ['flow']);
    counter.series('a"b\\c\nd').inc();
    expect(counter.render()).toBe(
      [
        '# HELP c_total Counts\\\\things\\nhere.',
        '# TYPE c_total counter',
        'c_total{flow="a\\"b\\\\c\\nd"} 1',
      ].join('\n'),
    );
    const bare = new HistogramFamily('h', 'H.', [], [1]);
    bare.series().observe(0.5);
    expect(bare.render()).toContain('h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 0.5\nh_count 1');
    const plain = new CounterFamily('n_total', 'N.', []);
    plain.series().inc();
    expect(plain.render()).toContain('\nn_total 1');
  });

  it('refuses a wrong number of label values and bounds that do not increase', () => {
    expect(() => new CounterFamily('c', 'C.', ['a', 'b']).series('x')).toThrow(/takes 2 label values, not 1/);
    expect(() => new HistogramFamily('h', 'H.', [], [1, 1])).toThrow(/must increase/);
  });
});
