import { createHash } from 'node:crypto';
import type { WebhookTarget } from '@flowgate/engine';
import type { JobQueue } from '../queue/job-queue.ts';
import type { NewWebhookDelivery, RunRecord, Store, WebhookDeliverySource } from '../store/store.ts';
import { webhookBody } from './webhook-body.ts';

/** Where a finished run goes: the flow's webhook and the request's X-Callback-Url, when set. */
export interface RunCallbacks {
  webhook: WebhookTarget | undefined;
  callbackUrl: string | undefined;
}

/** The queue job of one delivery; the job's key is the delivery id. */
export type WebhookJobPayload = { projectId: string; deliveryId: string };

/**
 * Turns a finished run into deliveries: stored first (the record every attempt is written to), then
 * one queue job each. Delivery ids derive from the run and the receiver, so calling this again for
 * the same run (a retried run job, a crash between the two steps) stores and enqueues nothing new.
 */
export class WebhookDispatcher {
  constructor(
    private readonly store: Pick<Store, 'webhookDeliveries'>,
    private readonly queue: Pick<JobQueue, 'enqueue'>,
    private readonly now: () => number,
  ) {}

  /** Call once the run's final record is committed. */
  async runFinished(run: RunRecord, callbacks: RunCallbacks): Promise<void> {
    const targets = deliveryTargets(callbacks);
    if (targets.length === 0) return;
    const body = webhookBody(run);
    const createdAt = this.now();
    const deliveries: NewWebhookDelivery[] = targets.map((target) => ({
      id: deliveryId(run.requestId, target.source, target.url),
      projectId: run.projectId,
      requestId: run.requestId,
      flowId: run.flowId,
      source: target.source,
      url: target.url,
      headers: { ...target.headers },
      body,
      createdAt,
    }));
    await this.store.webhookDeliveries.create(deliveries);
    for (const delivery of deliveries) await this.enqueue(delivery.projectId, delivery.id);
  }

  /**
   * Enqueues again pending deliveries whose attempt is overdue by `graceMs`: their job was lost
   * (a crash between storing and enqueueing, a Redis without persistence). Enqueueing a job that
   * still exists is a no-op, and the worker skips deliveries no longer pending. Answers how many.
   */
  async requeueOverdue(graceMs: number, limit: number): Promise<number> {
    const overdue = await this.store.webhookDeliveries.overdue(this.now() - graceMs, limit);
    for (const { projectId, id } of overdue) await this.enqueue(projectId, id);
    return overdue.length;
  }

  private enqueue(projectId: string, deliveryId: string): Promise<void> {
    const payload: WebhookJobPayload = { projectId, deliveryId };
    return this.queue.enqueue('webhook', deliveryId, payload);
  }
}

interface Target {
  source: WebhookDeliverySource;
  url: string;
  headers: Readonly<Record<string, string>>;
}

/** The flow's webhook first; a callback URL equal to it is one delivery, not two. */
function deliveryTargets({ webhook, callbackUrl }: RunCallbacks): Target[] {
  const targets: Target[] = [];
  if (webhook) targets.push({ source: 'flow', url: webhook.url, headers: webhook.headers });
  if (callbackUrl !== undefined && callbackUrl !== webhook?.url) {
    targets.push({ source: 'request', url: callbackUrl, headers: {} });
  }
  return targets;
}

/** `whd_` + 128 bits of SHA-256 over the run, the source and the URL (base64url). */
export function deliveryId(requestId: string, source: WebhookDeliverySource, url: string): string {
  const digest = createHash('sha256').update(`${requestId}\n${source}\n${url}`).digest();
  return `whd_${digest.subarray(0, 16).toString('base64url')}`;
}
