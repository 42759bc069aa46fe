import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json.ts';
import { Template, type TemplateScope } from './template.ts';
import { TemplatedValue } from './templated-value.ts';

const outputs: Record<string, JsonValue> = {
  triggerNode_1: { url: 'https://x.test', count: 3, flag: false, tags: ['a', 'b', 'c'] },
  chunkNode_1: { chunks: [{ pageContent: 'one' }, { pageContent: 'two' }, { pageContent: 'three' }] },
  codeNode_1: { nested: { 'odd key': 1, list: [[1, 2], [3]] }, quote: 'say "hi"\n\u2028' },
};
const scope: TemplateScope = {
  lookup: (root): JsonValue | undefined => {
    if (root === 'secrets') return { project: { API_TOKEN: 's3cret' } };
    const output = outputs[root];
    return output === undefined ? undefined : { output };
  },
};

describe('Template', () => {
  it('keeps the JSON type of a lone reference', () => {
    expect(new Template('{{triggerNode_1.output.count}}').render(scope)).toBe(3);
    expect(new Template('{{ triggerNode_1.output.flag }}').render(scope)).toBe(false);
    expect(new Template('{{triggerNode_1.output.tags}}').render(scope)).toEqual(['a', 'b', 'c']);
    expect(new Template('{{triggerNode_1.output}}').render(scope)).toEqual(outputs.triggerNode_1);
  });

  it('makes text when other text surrounds references', () => {
    expect(
      new Template('n={{triggerNode_1.output.count}} tags={{triggerNode_1.output.tags}}').render(scope),
    ).toBe('n=3 tags=["a","b","c"]');
  });

  it('reads index, negative index, slice and pluck paths', () => {
    expect(new Template('{{triggerNode_1.output.tags[1]}}').render(scope)).toBe('b');
    expect(new Template('{{triggerNode_1.output.tags[-1]}}').render(scope)).toBe('c');
    expect(new Template('{{triggerNode_1.output.tags[0:2]}}').render(scope)).toEqual(['a', 'b']);
    expect(new Template('{{chunkNode_1.output.chunks[:].pageContent}}').render(scope)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(new Template('{{chunkNode_1.output.chunks[1:].pageContent}}').render(scope)).toEqual([
      'two',
      'three',
    ]);
    expect(new Template('{{codeNode_1.output.nested["odd key"]}}').render(scope)).toBe(1);
    expect(new Template('{{codeNode_1.output.nested.list[0][1]}}').render(scope)).toBe(2);
  });

  it('turns missing values into null alone and empty text inside a string', () => {
    expect(new Template('{{nowhere.output.x}}').render(scope)).toBeNull();
    expect(new Template('{{triggerNode_1.output.missing.deeper}}').render(scope)).toBeNull();
    expect(new Template('a{{nowhere.output.x}}b').render(scope)).toBe('ab');
  });

  it('reads project secrets', () => {
    expect(new Template('Bearer {{secrets.project.API_TOKEN}}').render(scope)).toBe('Bearer s3cret');
  });

  it('writes JSON literals for code, escaping line separators', () => {
    const code = new Template('const q = {{codeNode_1.output.quote}}; const m = {{nowhere.output.x}};');
    expect(code.renderJsonLiterals(scope)).toBe('const q = "say \\"hi\\"\\n\\u2028"; const m = null;');
  });

  it('leaves braces that are not references alone', () => {
    const text = new Template('{{ not a path }} and {{}}');
    expect(text.isStatic).toBe(true);
    expect(text.render(scope)).toBe('{{ not a path }} and {{}}');
  });

  it('does not read inherited properties', () => {
    expect(new Template('{{triggerNode_1.output.constructor}}').render(scope)).toBeNull();
    expect(new Template('{{triggerNode_1.output.__proto__}}').render(scope)).toBeNull();
  });
});

describe('TemplatedValue', () => {
  it('renders nested structures type-preservingly and lists references', () => {
    const value = new TemplatedValue({
      answer: '{{triggerNode_1.output.count}}',
      meta: { tags: '{{triggerNode_1.output.tags}}', label: 'count: {{triggerNode_1.output.count}}' },
      fixed: [1, 'two'],
    });
    expect(value.render(scope)).toEqual({
      answer: 3,
      meta: { tags: ['a', 'b', 'c'], label: 'count: 3' },
      fixed: [1, 'two'],
    });
    expect(value.references.map((reference) => reference.root)).toEqual([
      'triggerNode_1',
      'triggerNode_1',
      'triggerNode_1',
    ]);
  });
});
