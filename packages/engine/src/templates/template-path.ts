import { isJsonObject, type JsonValue } from '../json.ts';

/** One step of a reference path: `.key`, `["key"]`, `[n]`, `[a:b]` (slice; later steps map over it). */
export type PathStep =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | undefined; end: number | undefined };

const STEP =
  /^(?:\.([^.[\]\s]+)|\[\s*(-?\d+)\s*\]|\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\])/;

/** Parses the path after the root name; returns undefined when the text is not a path. */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return undefined;
    const [whole, dotted, index, sliceStart, sliceEnd, doubleQuoted, singleQuoted] = match;
    if (dotted !== undefined) steps.push({ kind: 'key', key: dotted });
    else if (index !== undefined) steps.push({ kind: 'index', index: Number(index) });
    else if (sliceStart !== undefined || sliceEnd !== undefined)
      steps.push({ kind: 'slice', start: toBound(sliceStart), end: toBound(sliceEnd) });
    else steps.push({ kind: 'key', key: doubleQuoted ?? singleQuoted ?? '' });
    rest = rest.slice(whole.length);
  }
  return steps;
}

function toBound(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}

/**
 * Follows a path into a value. After a slice, the remaining steps apply to each element
 * (`[:].key` plucks `key` from every item). A step that finds nothing yields undefined.
 */
export function followPath(
  value: JsonValue | undefined,
  steps: readonly PathStep[],
  from = 0,
): JsonValue | undefined {
  let current = value;
  for (let position = from; position < steps.length; position++) {
    if (current === undefined) return undefined;
    const step = steps[position] as PathStep;
    if (step.kind === 'slice') {
      if (!Array.isArray(current)) return undefined;
      const items = current.slice(step.start, step.end);
      return items.map((item) => followPath(item, steps, position + 1) ?? null);
    }
    current = followStep(current, step);
  }
  return current;
}

function followStep(value: JsonValue, step: PathStep): JsonValue | undefined {
  if (step.kind === 'index') {
    if (Array.isArray(value)) return value.at(step.index);
    if (isJsonObject(value)) return ownValue(value, String(step.index));
    return undefined;
  }
  if (step.kind === 'key') {
    if (isJsonObject(value)) return ownValue(value, step.key);
    if (Array.isArray(value) && /^-?\d+$/.test(step.key)) return value.at(Number(step.key));
    if (Array.isArray(value) && step.key === 'length') return value.length;
    if (typeof value === 'string' && step.key === 'length') return value.length;
  }
  return undefined;
}

function ownValue(object: Record<string, JsonValue>, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
