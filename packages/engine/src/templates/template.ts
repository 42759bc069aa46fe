import type { JsonValue } from '../json.ts';
import { followPath, type PathStep, parsePath } from './template-path.ts';

/** `{{root.path}}` as written in a flow: `root` is a node id, `secrets` or `env`. */
export interface TemplateReference {
  /** The text between the braces, trimmed, e.g. `triggerNode_1.output.url`. */
  readonly source: string;
  readonly root: string;
  readonly steps: readonly PathStep[];
}

/** What a template reads from: the outputs of the run so far, and the project's secrets. */
export interface TemplateScope {
  /** The value a root stands for: `{output}` for a node id, `{project:{…}}` for `secrets`. */
  lookup(root: string): JsonValue | undefined;
}

type Segment = string | TemplateReference;

const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ROOT = /^[A-Za-z_$][\w$-]*/;

/**
 * A string with `{{…}}` references, parsed once at deploy time. Text between braces that is not a
 * reference (`{{ not a path }}`) stays literal text.
 */
export class Template {
  readonly references: readonly TemplateReference[];
  private readonly segments: readonly Segment[];

  constructor(readonly text: string) {
    this.segments = parseSegments(text);
    this.references = this.segments.filter(
      (segment): segment is TemplateReference => typeof segment !== 'string',
    );
  }

  get isStatic(): boolean {
    return this.references.length === 0;
  }

  /** The template is exactly one reference: its value keeps its JSON type. */
  get isSingleReference(): boolean {
    return this.segments.length === 1 && this.references.length === 1;
  }

  /**
   * Type-preserving render: a lone reference keeps its JSON type (missing → null); text around
   * references makes a string (missing → empty text, objects → JSON).
   */
  render(scope: TemplateScope): JsonValue {
    if (this.isSingleReference)
      return resolveReference(this.references[0] as TemplateReference, scope) ?? null;
    return this.renderText(scope);
  }

  /** Always a string: for prompts, URLs and headers. */
  renderText(scope: TemplateScope): string {
    if (this.isStatic) return this.text;
    let text = '';
    for (const segment of this.segments) {
      text += typeof segment === 'string' ? segment : toText(resolveReference(segment, scope));
    }
    return text;
  }

  /** For code: each reference becomes a JavaScript literal of its value (`null` when missing). */
  renderJsonLiterals(scope: TemplateScope): string {
    if (this.isStatic) return this.text;
    let text = '';
    for (const segment of this.segments) {
      text += typeof segment === 'string' ? segment : toLiteral(resolveReference(segment, scope));
    }
    return text;
  }
}

export function resolveReference(reference: TemplateReference, scope: TemplateScope): JsonValue | undefined {
  return followPath(scope.lookup(reference.root), reference.steps);
}

function parseSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const reference = parseReference(match[1] ?? '');
    if (!reference) continue;
    if (match.index > last) segments.push(text.slice(last, match.index));
    segments.push(reference);
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push(text.slice(last));
  return mergeText(segments);
}

function parseReference(source: string): TemplateReference | undefined {
  const root = ROOT.exec(source)?.[0];
  if (!root) return undefined;
  const steps = parsePath(source.slice(root.length));
  return steps ? { source, root, steps } : undefined;
}

function mergeText(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (typeof segment === 'string' && typeof previous === 'string')
      merged[merged.length - 1] = previous + segment;
    else merged.push(segment);
  }
  return merged;
}

function toText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toLiteral(value: JsonValue | undefined): string {
  // U+2028/9 are valid in JSON but ended string literals in older JavaScript; escape them anyway.
  return JSON.stringify(value ?? null)
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}
