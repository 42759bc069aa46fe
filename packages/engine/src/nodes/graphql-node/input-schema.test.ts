import { describe, expect, it } from 'vitest';
import { compileInputSchema, normaliseRequired } from './input-schema.ts';

function compile(raw: unknown) {
  const problems: string[] = [];
  const schema = compileInputSchema(raw, (message) => problems.push(message));
  return { schema, problems };
}

describe('advance_schema', () => {
  it('validates the short form, naming each field', () => {
    const { schema } = compile('{"url":"string","count":"int","tags":"[string]","note":"string?"}');
    expect(schema?.validate({ url: 'x', count: 2, tags: ['a'] })).toEqual([]);
    expect(schema?.validate({ count: 1.5, tags: ['a', 3] })).toEqual([
      { field: 'url', message: 'is required but missing' },
      { field: 'count', message: 'must be integer, got number 1.5' },
      { field: 'tags.1', message: 'must be string, got number 3' },
    ]);
    expect(schema?.fields.note).toEqual({ type: 'string', optional: true });
  });

  it('reports unknown types and bad JSON as deploy problems', () => {
    expect(compile('{"a":"strang"}').problems[0]).toContain('unknown type "strang"');
    expect(compile('{"a":').problems[0]).toContain('advance_schema is not valid JSON');
  });

  it('accepts JSON Schema with Lamatic-style per-property required', () => {
    const { schema } = compile({
      type: 'object',
      properties: { topic: { type: 'string', required: true }, depth: { type: 'number' } },
    });
    expect(schema?.validate({ depth: 2 })).toEqual([{ field: 'topic', message: 'is required but missing' }]);
    expect(schema?.validate({ topic: 'x' })).toEqual([]);
  });

  it('normalises nested required flags', () => {
    expect(
      normaliseRequired({
        type: 'object',
        properties: { a: { type: 'object', properties: { b: { type: 'string', required: true } } } },
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] } },
    });
  });

  it('treats an empty schema as accepting anything', () => {
    expect(compile('').schema).toBeUndefined();
  });
});
