import { isJsonObject, type JsonValue } from '../json.ts';
import { Template, type TemplateReference, type TemplateScope } from './template.ts';

/**
 * A JSON structure whose strings may hold templates (an `outputMapping`, a request body), compiled
 * once. Rendering rebuilds the structure with every string rendered type-preservingly.
 */
export class TemplatedValue {
  readonly references: readonly TemplateReference[];
  private readonly compiled: Compiled;

  constructor(value: JsonValue) {
    const references: TemplateReference[] = [];
    this.compiled = compile(value, references);
    this.references = references;
  }

  render(scope: TemplateScope): JsonValue {
    return renderCompiled(this.compiled, scope);
  }
}

type Compiled =
  | { kind: 'static'; value: JsonValue }
  | { kind: 'template'; template: Template }
  | { kind: 'array'; items: Compiled[] }
  | { kind: 'object'; entries: [string, Compiled][] };

function compile(value: JsonValue, references: TemplateReference[]): Compiled {
  if (typeof value === 'string') {
    const template = new Template(value);
    if (template.isStatic) return { kind: 'static', value };
    references.push(...template.references);
    return { kind: 'template', template };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compile(item, references));
    return items.every((item) => item.kind === 'static')
      ? { kind: 'static', value }
      : { kind: 'array', items };
  }
  if (isJsonObject(value)) {
    const entries = Object.entries(value).map(([key, item]): [string, Compiled] => [
      key,
      compile(item, references),
    ]);
    return entries.every(([, item]) => item.kind === 'static')
      ? { kind: 'static', value }
      : { kind: 'object', entries };
  }
  return { kind: 'static', value };
}

function renderCompiled(compiled: Compiled, scope: TemplateScope): JsonValue {
  switch (compiled.kind) {
    case 'static':
      return compiled.value;
    case 'template':
      return compiled.template.render(scope);
    case 'array':
      return compiled.items.map((item) => renderCompiled(item, scope));
    case 'object': {
      const result: Record<string, JsonValue> = {};
      for (const [key, item] of compiled.entries) result[key] = renderCompiled(item, scope);
      return result;
    }
  }
}
