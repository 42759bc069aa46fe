import type { JsonValue } from '../../json.ts';

/**
 * Lamatic compares loosely: `true == "true"`, `3 == "3"`. Numbers compare as numbers when both sides
 * read as numbers; everything else compares as text (objects as their JSON).
 */
export type Operator = (left: JsonValue, right: JsonValue) => boolean;

const OPERATORS: Record<string, Operator> = {
  '==': looseEquals,
  '===': looseEquals,
  equals: looseEquals,
  '!=': (left, right) => !looseEquals(left, right),
  '!==': (left, right) => !looseEquals(left, right),
  notEquals: (left, right) => !looseEquals(left, right),
  '>': (left, right) => order(left, right) > 0,
  '<': (left, right) => order(left, right) < 0,
  '>=': (left, right) => order(left, right) >= 0,
  '<=': (left, right) => order(left, right) <= 0,
  contains,
  'not contains': (left, right) => !contains(left, right),
  notContains: (left, right) => !contains(left, right),
  doesNotContain: (left, right) => !contains(left, right),
  ilike: (left, right) => like(left, right, true),
  like: (left, right) => like(left, right, false),
  startsWith: (left, right) => text(left).startsWith(text(right)),
  endsWith: (left, right) => text(left).endsWith(text(right)),
  isEmpty: (left) => isEmpty(left),
  isNotEmpty: (left) => !isEmpty(left),
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

export function findOperator(name: string): Operator | undefined {
  return Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
}

function text(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function asNumber(value: JsonValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? undefined : number;
  }
  return undefined;
}

function looseEquals(left: JsonValue, right: JsonValue): boolean {
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  if (leftNumber !== undefined && rightNumber !== undefined) return leftNumber === rightNumber;
  return text(left) === text(right);
}

function order(left: JsonValue, right: JsonValue): number {
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  if (leftNumber !== undefined && rightNumber !== undefined) return leftNumber - rightNumber;
  return text(left).localeCompare(text(right));
}

function contains(left: JsonValue, right: JsonValue): boolean {
  if (Array.isArray(left)) return left.some((item) => looseEquals(item, right));
  return text(left).includes(text(right));
}

/** SQL LIKE with `%` and `_`; a pattern without wildcards matches as a substring. */
function like(left: JsonValue, right: JsonValue, ignoreCase: boolean): boolean {
  const pattern = text(right);
  if (!/[%_]/.test(pattern)) {
    return ignoreCase
      ? text(left).toLowerCase().includes(pattern.toLowerCase())
      : text(left).includes(pattern);
  }
  const source = pattern
    .split(/([%_])/)
    .map((part) => (part === '%' ? '.*' : part === '_' ? '.' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text(left));
}

function isEmpty(value: JsonValue): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
