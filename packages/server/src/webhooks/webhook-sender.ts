import { type OutboundHttp, OutboundHttpError, type OutboundResponse } from '@flowgate/engine';
import type { WebhookDeliveryRecord } from '../store/store.ts';
import { parseRetryAfter } from './webhook-retry-policy.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

export const WEBHOOK_USER_AGENT = 'Flowgate-Webhooks';
/** Errors and answers kept in the attempt record are cut to this many characters. */
const MAX_ERROR_TEXT = 500;
/** Failures that another attempt cannot fix: the URL is refused by the outbound guard or unusable. */
const PERMANENT_KINDS = new Set(['REFUSED', 'INVALID_REQUEST']);
/** A flow's `headers` may not set these: they belong to the connection, not to the receiver. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** What one attempt came to; the worker decides what follows. */
export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  delivered: boolean;
  /** False when trying again cannot help (refused address): the delivery fails at once. */
  retryable: boolean;
  /** The receiver's Retry-After on 429 or 503, in milliseconds. */
  retryAfterMs: number | undefined;
}

export interface WebhookSenderOptions {
  /** Budget of one attempt: connection, request and answer (10 s). */
  timeoutMs: number;
  now: () => number;
}

/**
 * Sends a delivery once, signed with the project's secrets at this moment (a retry hours later
 * carries a fresh timestamp, so receivers can keep a short replay window). Through the outbound
 * guard: private addresses are refused unless FLOWGATE_ALLOW_HOSTS allows them.
 */
export class WebhookSender {
  constructor(
    private readonly http: OutboundHttp,
    private readonly options: WebhookSenderOptions,
  ) {}

  async send(delivery: WebhookDeliveryRecord, secrets: readonly string[]): Promise<AttemptResult> {
    const startedAt = this.options.now();
    const timestamp = Math.floor(startedAt / 1000);
    const headers = {
      ...withoutConnectionHeaders(delivery.headers),
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(delivery.body, timestamp, secrets),
      [DELIVERY_HEADER]: delivery.id,
    };
    const started = performance.now();
    try {
      const response = await this.http.request({
        method: 'POST',
        url: delivery.url,
        headers,
        body: delivery.body,
        timeoutMs: this.options.timeoutMs,
        signal: new AbortController().signal,
      });
      return answered(response, startedAt, performance.now() - started, this.options.now());
    } catch (error) {
      const durationMs = performance.now() - started;
      if (!(error instanceof OutboundHttpError)) throw error;
      return {
        startedAt,
        durationMs,
        statusCode: null,
        error: describeFailure(error),
        delivered: false,
        retryable: !PERMANENT_KINDS.has(error.kind),
        retryAfterMs: undefined,
      };
    }
  }
}

function answered(
  response: OutboundResponse,
  startedAt: number,
  durationMs: number,
  now: number,
): AttemptResult {
  const delivered = response.status >= 200 && response.status < 300;
  const asksToWait = response.status === 429 || response.status === 503;
  return {
    startedAt,
    durationMs,
    statusCode: response.status,
    error: delivered ? null : clip(`HTTP ${response.status}${answerText(response.body)}`),
    delivered,
    retryable: true,
    retryAfterMs: asksToWait ? parseRetryAfter(response.headers['retry-after'], now) : undefined,
  };
}

function withoutConnectionHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase())),
  );
}

function describeFailure(error: OutboundHttpError): string {
  if (error.kind === 'TOO_MANY_REDIRECTS') {
    return 'the receiver answered with a redirect; webhooks do not follow redirects, so set the final URL';
  }
  return clip(error.message);
}

function answerText(body: string): string {
  const text = body.trim().replace(/\s+/g, ' ');
  return text === '' ? '' : `: ${text}`;
}

function clip(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text;
}
