import { NodeFailure } from '../../errors/node-failure.ts';
import type { JsonValue } from '../../json.ts';
import { Template } from '../../templates/template.ts';
import type { NodeCompileContext, NodeRunContext } from '../node-kind.ts';

/** What forLoopNode and batchNode share: a list from a template, or a numeric range. */
export interface LoopItemsConfig {
  over: 'list' | 'range';
  list: Template | undefined;
  initial: Template;
  end: Template;
  increment: Template;
  waitMs: number;
}

export function compileLoopItems({ values, problem, reads }: NodeCompileContext): LoopItemsConfig {
  const over = values.iterateOver === 'range' ? 'range' : 'list';
  if (values.iterateOver !== undefined && values.iterateOver !== 'list' && values.iterateOver !== 'range') {
    problem(`iterateOver must be "list" or "range", not ${JSON.stringify(values.iterateOver)}`);
  }
  const template = (value: unknown, fallback: string) => {
    const compiled = new Template(
      value === undefined || value === null || value === '' ? fallback : String(value),
    );
    reads(compiled.references);
    return compiled;
  };
  const list = over === 'list' ? template(values.iteratorValue, '') : undefined;
  if (over === 'list' && list?.isStatic && list.text.trim() === '') {
    problem('iteratorValue is empty: give the list to loop over, e.g. {{codeNode_1.output.items}}');
  }
  const wait = Number(values.wait ?? 0);
  if (!Number.isFinite(wait) || wait < 0 || wait > 30) problem('wait must be between 0 and 30 seconds');
  return {
    over,
    list,
    initial: template(values.initialValue, '0'),
    end: template(values.endValue, '10'),
    increment: template(values.increment, '1'),
    waitMs: Number.isFinite(wait) ? Math.min(Math.max(wait, 0), 30) * 1000 : 0,
  };
}

/** The items of one loop run. A range runs from initialValue up to, not including, endValue. */
export function loopItems(config: LoopItemsConfig, { nodeId, scope }: NodeRunContext): JsonValue[] {
  if (config.over === 'list') {
    const value = config.list?.render(scope) ?? null;
    if (Array.isArray(value)) return value;
    if (typeof value === 'string') {
      try {
        const parsed: unknown = JSON.parse(value);
        if (Array.isArray(parsed)) return parsed as JsonValue[];
      } catch {
        // Not JSON text: reported below.
      }
    }
    throw new NodeFailure(nodeId, `Loop ${nodeId}: iteratorValue must be a list, got ${describe(value)}.`);
  }
  const initial = number(config.initial.render(scope), 'initialValue', nodeId);
  const end = number(config.end.render(scope), 'endValue', nodeId);
  const increment = number(config.increment.render(scope), 'increment', nodeId);
  if (increment === 0) throw new NodeFailure(nodeId, `Loop ${nodeId}: increment must not be 0.`);
  const items: number[] = [];
  for (let value = initial; increment > 0 ? value < end : value > end; value += increment) {
    items.push(value);
    if (items.length > 100_000) break;
  }
  return items;
}

function number(value: JsonValue, field: string, nodeId: string): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (value === null || value === '' || !Number.isFinite(parsed)) {
    throw new NodeFailure(nodeId, `Loop ${nodeId}: ${field} must be a number, got ${describe(value)}.`);
  }
  return parsed;
}

function describe(value: JsonValue): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
