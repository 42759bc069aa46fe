import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { Template, type TemplateReference, type TemplateScope } from '../../templates/template.ts';
import { TemplatedValue } from '../../templates/templated-value.ts';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const BODYLESS = new Set(['GET', 'HEAD']);

/** A request with every template filled in, ready to send. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Where a value comes from at run time:
 * - `structure`: JSON written in the flow (an object, or a JSON string) whose strings hold templates,
 *   rendered structurally so inserted text is escaped and a lone `"{{x}}"` keeps x's JSON type;
 * - `template`: text that is not JSON (e.g. `{"n": {{x}}}`, or a lone `{{node.output.headers}}`),
 *   rendered as one template.
 */
type Source = { kind: 'structure'; value: TemplatedValue } | { kind: 'template'; template: Template };

export interface RequestCompileReport {
  problem(message: string): void;
  warn(message: string): void;
  reads(references: readonly TemplateReference[]): void;
}

/** `url`, `method`, `headers`, `body` of an apiNode, compiled once per deployment. */
export class ApiRequestTemplate {
  private constructor(
    private readonly method: string,
    private readonly url: Template,
    private readonly headers: Source | undefined,
    private readonly body: Source | undefined,
  ) {}

  static compile(
    values: Readonly<Record<string, unknown>>,
    report: RequestCompileReport,
  ): ApiRequestTemplate {
    const method = typeof values.method === 'string' && values.method.trim() ? values.method.trim() : 'GET';
    const upper = method.toUpperCase();
    if (!(METHODS as readonly string[]).includes(upper))
      report.problem(`method "${method}" is not one of ${METHODS.join(', ')}`);
    const url = compileUrl(values.url, report);
    const headers = compileSource(values.headers, 'headers', report);
    let body = compileSource(values.body, 'body', report);
    if (body && BODYLESS.has(upper)) {
      if (!isEmptyObjectText(values.body)) report.warn(`body is not sent with ${upper}`);
      body = undefined;
    }
    for (const source of [headers, body]) if (source) report.reads(referencesOf(source));
    report.reads(url.references);
    return new ApiRequestTemplate(upper, url, headers, body);
  }

  /** Throws an Error with a sentence for the user when a rendered part cannot be sent. */
  render(scope: TemplateScope): RenderedRequest {
    const url = this.url.renderText(scope).trim();
    checkUrl(url);
    const headers = this.headers ? toHeaders(renderSource(this.headers, scope)) : {};
    let body: string | undefined;
    if (this.body) {
      const rendered = renderSource(this.body, scope);
      // A lone template whose value is missing sends no body rather than the text "null".
      if (rendered !== null) body = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
      if (body !== undefined && !hasHeader(headers, 'content-type'))
        headers['content-type'] = isJsonText(body) ? 'application/json' : 'text/plain; charset=utf-8';
    }
    return { method: this.method, url, headers, body };
  }
}

function compileUrl(raw: unknown, report: RequestCompileReport): Template {
  if (typeof raw !== 'string' || raw.trim() === '') {
    report.problem('url is empty: set the address to call');
    return new Template('');
  }
  const template = new Template(raw.trim());
  if (template.isStatic) {
    try {
      checkUrl(template.text);
    } catch (error) {
      report.problem((error as Error).message);
    }
  }
  return template;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`url "${url}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`url "${url}" must start with http:// or https://`);
}

function compileSource(raw: unknown, field: string, report: RequestCompileReport): Source | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return { kind: 'structure', value: new TemplatedValue(raw as JsonValue) };
  const text = raw.trim();
  if (text === '') return undefined;
  let parsed: JsonValue | undefined;
  try {
    parsed = parseJsonSafely(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
    if (field === 'headers' && Array.isArray(parsed)) return headerPairs(parsed, report);
    return { kind: 'structure', value: new TemplatedValue(parsed) };
  }
  const template = new Template(text);
  if (field === 'headers' && template.isStatic) {
    report.problem(
      'headers must be a JSON object, e.g. {"Authorization": "Bearer {{secrets.project.TOKEN}}"}',
    );
    return undefined;
  }
  return { kind: 'template', template };
}

/** The Studio's key/value list form: `[{"key": "Accept", "value": "…"}]`; `[]` means none. */
function headerPairs(pairs: JsonValue[], report: RequestCompileReport): Source | undefined {
  const object: Record<string, JsonValue> = {};
  for (const pair of pairs) {
    const name = isJsonObject(pair) ? (pair.key ?? pair.name) : undefined;
    if (!isJsonObject(pair) || typeof name !== 'string') {
      report.problem('headers list entries must be {"key": "Name", "value": "…"}');
      return undefined;
    }
    if (name.trim() !== '') object[name.trim()] = pair.value ?? '';
  }
  return Object.keys(object).length === 0
    ? undefined
    : { kind: 'structure', value: new TemplatedValue(object) };
}

function referencesOf(source: Source): readonly TemplateReference[] {
  return source.kind === 'structure' ? source.value.references : source.template.references;
}

function renderSource(source: Source, scope: TemplateScope): JsonValue {
  if (source.kind === 'structure') return source.value.render(scope);
  return source.template.isSingleReference
    ? source.template.render(scope)
    : source.template.renderText(scope);
}

function toHeaders(rendered: JsonValue): Record<string, string> {
  let value = rendered;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      value = parseJsonSafely(value);
    } catch {
      throw new Error('headers did not render to a JSON object');
    }
  }
  if (value === null) return {};
  if (!isJsonObject(value)) throw new Error('headers must be a JSON object of header names and values');
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === null) continue;
    headers[name] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return headers;
}

export function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isEmptyObjectText(raw: unknown): boolean {
  return typeof raw === 'string' && /^\s*(\{\s*\}|\[\s*\])?\s*$/.test(raw);
}
