import { isJsonObject, type JsonValue, parseJsonSafely } from '../json.ts';

/**
 * Where a finished run is sent (Lamatic's `webhookUrl` and `headers` on the API Request trigger and
 * the API Response node). The server delivers it, signed, after the run's final record is written.
 */
export interface WebhookTarget {
  /** An absolute http(s) URL, checked at deploy time. */
  readonly url: string;
  /** Extra request headers from the node's `headers` JSON; the server's own headers win over these. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Longer URLs are refused: no receiver needs one, and they end up in logs and tables. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why `text` cannot be a webhook URL, or undefined when it can. Shared with per-request callbacks. */
export function webhookUrlProblem(text: string): string | undefined {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) {
    return `is ${text.length} characters long; at most ${MAX_WEBHOOK_URL_LENGTH} are allowed`;
  }
  if (text.includes('{{')) return 'cannot hold templates; write the receiver’s URL itself';
  if (!URL.canParse(text)) return `${JSON.stringify(text)} is not an absolute URL`;
  const protocol = new URL(text).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    return `must be an http or https URL, not ${protocol}`;
  }
  return undefined;
}

interface Reporter {
  problem(message: string): void;
}

/**
 * Reads `webhookUrl` and `headers` from a node's values. An empty or missing `webhookUrl` means no
 * webhook (real exports carry `"webhookUrl": ""`); `headers` is only checked when there is one,
 * since exports also carry it without a webhook.
 */
export function compileWebhookTarget(
  values: Readonly<Record<string, unknown>>,
  reporter: Reporter,
): WebhookTarget | undefined {
  const url = values.webhookUrl;
  if (url === undefined || url === null || (typeof url === 'string' && url.trim() === '')) return undefined;
  if (typeof url !== 'string') {
    reporter.problem('webhookUrl must be text, e.g. "https://example.com/hooks/flowgate"');
    return undefined;
  }
  const problem = webhookUrlProblem(url.trim());
  if (problem) reporter.problem(`webhookUrl ${problem}`);
  const headers = compileHeaders(values.headers, reporter);
  return problem ? undefined : { url: url.trim(), headers };
}

function compileHeaders(raw: unknown, reporter: Reporter): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  let parsed: JsonValue;
  try {
    parsed = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
  } catch (error) {
    reporter.problem(`headers is not valid JSON (${(error as Error).message})`);
    return {};
  }
  if (!isJsonObject(parsed)) {
    reporter.problem('headers must be a JSON object such as {"authorization": "Bearer …"}');
    return {};
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!HEADER_NAME.test(name)) reporter.problem(`headers: ${JSON.stringify(name)} is not a header name`);
    else if (/[\r\n]/.test(text)) reporter.problem(`headers: the value of ${name} holds a line break`);
    else if (text.includes('{{')) {
      reporter.problem(`headers: the value of ${name} holds a template; webhook headers are sent as written`);
    } else headers[name.toLowerCase()] = text;
  }
  return headers;
}
