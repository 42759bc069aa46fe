import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError, NodeFailure } from '@flowgate/engine';
import { APICallError } from 'ai';

export interface ModelRetryOptions {
  /** Calls in all, the first included. */
  attempts: number;
  /** Backoff without Retry-After: base, 2×base, 4×base… */
  baseDelayMs: number;
  /** A Retry-After longer than this fails at once (retryable) instead of holding the run. */
  maxDelayMs: number;
}

export const DEFAULT_MODEL_RETRY: ModelRetryOptions = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** What a failed call is about, for the node's failure message. */
export interface CallDescription {
  nodeId: string;
  credentialName: string;
  provider: string;
}

/**
 * Runs a model call with our own retries (the AI SDK's are turned off: they cap Retry-After at 60 s
 * and cannot tell a streamed answer from a fresh one). 429, 408 and 5xx and dropped connections are
 * retried, waiting what Retry-After / retry-after-ms says (else exponential backoff); a call that
 * already streamed text is not retried (the client has the text). Every failure becomes a NodeFailure
 * that says whether another run may help.
 */
export async function withModelRetries<T>(
  call: () => Promise<T>,
  options: ModelRetryOptions & { signal: AbortSignal; streamed?: () => boolean },
  description: CallDescription,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const failure = classify(error);
      const last = attempt >= options.attempts || options.streamed?.() === true;
      if (failure.kind !== 'transient' || last) throw toNodeFailure(failure, description, attempt, error);
      const waitMs = failure.retryAfterMs ?? options.baseDelayMs * 2 ** (attempt - 1);
      if (waitMs > options.maxDelayMs) {
        throw new NodeFailure(
          description.nodeId,
          `${description.provider} asked to retry after ${Math.ceil(waitMs / 1000)} s (${failure.summary}), ` +
            `longer than the ${options.maxDelayMs / 1000} s a run waits; try again later`,
          { retryable: true, code: 'MODEL_UNAVAILABLE', cause: error },
        );
      }
      await sleep(waitMs, undefined, { signal: options.signal });
    }
  }
}

interface Failure {
  kind: 'rejected' | 'transient' | 'refused' | 'other';
  status?: number;
  retryAfterMs?: number;
  /** Short text for messages: `429 Too Many Requests: Rate limit reached…`. */
  summary: string;
}

function classify(error: unknown): Failure {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    // A 2xx whose body broke off (the SDK wraps it): what matters is why it broke.
    if (status !== undefined && status < 300 && error.cause !== undefined) return classify(error.cause);
    const summary = `${status ?? 'no response'}: ${firstLine(error.message)}`;
    if (status === 401 || status === 403) return { kind: 'rejected', status, summary: String(status) };
    const transient =
      status === undefined ? error.isRetryable : status === 408 || status === 429 || status >= 500;
    if (!transient) return { kind: 'refused', status, summary };
    const retryAfterMs = retryAfter(error.responseHeaders);
    return retryAfterMs === undefined
      ? { kind: 'transient', status, summary }
      : { kind: 'transient', status, summary, retryAfterMs };
  }
  if (error instanceof EngineError) {
    return { kind: error.retryable ? 'transient' : 'other', summary: error.message };
  }
  return { kind: 'other', summary: firstLine(error instanceof Error ? error.message : String(error)) };
}

/** `retry-after-ms` (OpenAI), else `Retry-After` in seconds or as an HTTP date. */
function retryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const milliseconds = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const text = lower['retry-after'];
  if (text === undefined) return undefined;
  const seconds = Number.parseFloat(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function toNodeFailure(
  failure: Failure,
  about: CallDescription,
  attempts: number,
  cause: unknown,
): NodeFailure {
  const { nodeId, credentialName, provider } = about;
  switch (failure.kind) {
    case 'rejected':
      // The provider's text is left out: some quote part of the key.
      return new NodeFailure(
        nodeId,
        `credential "${credentialName}" was rejected by ${provider} (${failure.status})`,
        {
          code: 'MODEL_CREDENTIAL_REJECTED',
          cause,
        },
      );
    case 'transient':
      return new NodeFailure(
        nodeId,
        `${provider} did not answer after ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${failure.summary})`,
        { retryable: true, code: 'MODEL_UNAVAILABLE', cause },
      );
    case 'refused':
      return new NodeFailure(nodeId, `${provider} refused the request (${failure.summary})`, {
        code: 'MODEL_REQUEST_FAILED',
        cause,
      });
    default:
      return new NodeFailure(nodeId, `the call to ${provider} failed: ${failure.summary}`, {
        code: 'MODEL_REQUEST_FAILED',
        cause,
      });
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
