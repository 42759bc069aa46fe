import { describe, expect, it } from 'vitest';
import { buildPayload, readTriggerSchema } from './trigger-schema.ts';

describe('trigger-schema', () => {
  it("reads Lamatic's short form with optional fields and lists", () => {
    const reading = readTriggerSchema(
      '{"topic":"string","age":"int?","tags":"[string]","ok":"boolean","n":"number"}',
    );
    expect(reading.error).toBeNull();
    expect(reading.fields.map((field) => [field.name, field.control, field.required])).toEqual([
      ['topic', 'text', true],
      ['age', 'integer', false],
      ['tags', 'json', true],
      ['ok', 'boolean', true],
      ['n', 'number', true],
    ]);
  });

  it('reads a JSON-Schema object, with required given either way', () => {
    const reading = readTriggerSchema({
      type: 'object',
      properties: {
        url: { type: 'string', required: true },
        depth: { type: 'integer' },
        meta: { type: 'object' },
      },
      required: ['meta'],
    });
    expect(reading.fields.map((field) => [field.name, field.control, field.required])).toEqual([
      ['url', 'text', true],
      ['depth', 'integer', false],
      ['meta', 'json', true],
    ]);
  });

  it('says what is wrong with a broken schema, and treats an empty one as no fields', () => {
    expect(readTriggerSchema('').fields).toEqual([]);
    expect(readTriggerSchema('{"a": ').error).toMatch(/not valid JSON/);
    expect(readTriggerSchema('[1]').error).toMatch(/must be an object/);
  });

  it('builds the payload with typed values and names each wrong field', () => {
    const { fields } = readTriggerSchema('{"topic":"string","age":"int?","tags":"[string]","ok":"boolean"}');
    expect(buildPayload(fields, { topic: 'tides', age: '3', tags: '["a"]', ok: true })).toEqual({
      payload: { topic: 'tides', age: 3, tags: ['a'], ok: true },
      errors: {},
    });
    const wrong = buildPayload(fields, { topic: '', age: '2.5', tags: '[oops' });
    expect(wrong.payload).toEqual({ topic: '', ok: false });
    expect(wrong.errors.age).toMatch(/whole number/);
    expect(wrong.errors.tags).toMatch(/must be JSON/);
  });
});
