import type { JsonValue } from '@flowgate/engine';
import type { Store, WebhookAttemptRecord, WebhookDeliveryRecord } from '../store/store.ts';

/** A delivery as `flowgate webhooks list --json` prints it. */
export interface DeliveryView {
  id: string;
  requestId: string;
  flowId: string;
  source: WebhookDeliveryRecord['source'];
  url: string;
  status: WebhookDeliveryRecord['status'];
  attempts: AttemptView[];
  createdAt: number;
  nextAttemptAt: number | null;
}

export interface AttemptView {
  attempt: number;
  at: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** A project's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  store: Pick<Store, 'webhookDeliveries'>,
  projectId: string,
  options: { requestId?: string; limit: number },
): Promise<DeliveryView[]> {
  const deliveries = await store.webhookDeliveries.list(projectId, options);
  const attempts = await store.webhookDeliveries.attempts(
    projectId,
    deliveries.map((delivery) => delivery.id),
  );
  const byDelivery = new Map<string, WebhookAttemptRecord[]>();
  for (const attempt of attempts) {
    const list = byDelivery.get(attempt.deliveryId) ?? [];
    list.push(attempt);
    byDelivery.set(attempt.deliveryId, list);
  }
  return deliveries.map((delivery) => ({
    id: delivery.id,
    requestId: delivery.requestId,
    flowId: delivery.flowId,
    source: delivery.source,
    url: delivery.url,
    status: delivery.status,
    attempts: (byDelivery.get(delivery.id) ?? []).map(attemptView),
    createdAt: delivery.createdAt,
    nextAttemptAt: delivery.nextAttemptAt,
  }));
}

/**
 * The `webhooks` entry of `checkStatus` for one run: one line per receiver. The URL is shown
 * without its query string and credentials, which may carry a receiver's token.
 */
export async function summarizeDeliveries(
  store: Pick<Store, 'webhookDeliveries'>,
  projectId: string,
  requestId: string,
): Promise<JsonValue[]> {
  const deliveries = await store.webhookDeliveries.list(projectId, { requestId, limit: 20 });
  return deliveries.reverse().map((delivery) => ({
    deliveryId: delivery.id,
    url: displayUrl(delivery.url),
    source: delivery.source,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
  }));
}

/** Deliveries waiting for an attempt, across projects: the webhook backlog gauge of /metrics. */
export function countWebhookBacklog(store: Pick<Store, 'webhookDeliveries'>): Promise<number> {
  return store.webhookDeliveries.countPending();
}

function attemptView(attempt: WebhookAttemptRecord): AttemptView {
  return {
    attempt: attempt.attempt,
    at: attempt.startedAt,
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode,
    error: attempt.error,
  };
}

/** The URL without credentials, and with its query string elided (it may carry a receiver's token). */
export function displayUrl(text: string): string {
  const url = new URL(text);
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}
