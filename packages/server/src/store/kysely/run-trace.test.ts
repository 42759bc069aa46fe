import { describe, expect, it } from 'vitest';
import { run, runNode } from '../conformance/store-fixtures.ts';
import { fromNodeTraceText, runTexts } from './run-trace.ts';

describe('runTexts', () => {
  it('writes the trace as JSON that reads back as the node records, durations in whole ms', () => {
    const payload = { text: 'line\n"quoted" \u2028 é', list: [1, 2.5, null] };
    const result = { answer: 'ok' };
    const entry = {
      run: { ...run('project'), payload, result },
      nodes: [
        runNode('r', 0, { input: payload, output: payload, durationMs: 1.6, name: 'Say "hi"\n\u2028 ☃' }),
        runNode('r', 1, { input: { ...result }, output: result, error: 'it said "no"', totalTokens: 7 }),
        runNode('r', 2, { input: null, output: 'plain', durationMs: Number.NaN, startedAt: null }),
      ],
    };
    const texts = runTexts(entry);
    expect(JSON.parse(texts.payload)).toEqual(payload);
    expect(JSON.parse(texts.result ?? 'null')).toEqual(result);
    const expected = [
      { ...entry.nodes[0], durationMs: 2 },
      entry.nodes[1],
      { ...entry.nodes[2], durationMs: null },
    ];
    expect(fromNodeTraceText('r', texts.nodes)).toEqual(expected);
    // Names, ids and kinds are quoted once and reused: a second run reads back the same.
    expect(fromNodeTraceText('r', runTexts(entry).nodes)).toEqual(expected);
  });

  it('writes an empty trace and a run without a result', () => {
    const texts = runTexts({ run: { ...run('project'), result: null }, nodes: [] });
    expect(texts).toMatchObject({ result: null, nodes: '[]' });
    expect(fromNodeTraceText('r', texts.nodes)).toEqual([]);
  });
});
