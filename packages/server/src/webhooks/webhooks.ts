import type { JsonValue, OutboundHttp } from '@flowgate/engine';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Logger } from '../logging/logger.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { RunRecord, Store } from '../store/store.ts';
import { type RunCallbacks, WebhookDispatcher } from './webhook-dispatcher.ts';
import type { WebhookRetryPolicy } from './webhook-retry-policy.ts';
import { WebhookSecrets } from './webhook-secrets.ts';
import { WebhookSender } from './webhook-sender.ts';
import {
  countWebhookBacklog,
  type DeliveryView,
  displayUrl,
  listDeliveries,
  summarizeDeliveries,
} from './webhook-views.ts';
import { WebhookWorker } from './webhook-worker.ts';

export interface WebhookOptions {
  /** One attempt's budget (FLOWGATE_WEBHOOK_TIMEOUT_MS, 10 s). */
  timeoutMs: number;
  retry: WebhookRetryPolicy;
  /** Deliveries attempted at once per process. */
  concurrency: number;
  /** How often pending deliveries whose job was lost are enqueued again. Default 1 min. */
  sweepIntervalMs?: number;
  /** How overdue a pending delivery must be to count as lost. Default 5 min. */
  sweepGraceMs?: number;
}

export interface WebhookDependencies {
  store: Pick<Store, 'webhookSecrets' | 'webhookDeliveries'>;
  secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  queue: Pick<JobQueue, 'enqueue' | 'work'>;
  /** The outbound guard, without redirects (a receiver's redirect is its misconfiguration). */
  http: OutboundHttp;
  now: () => number;
  logger: Pick<Logger, 'warn' | 'error'>;
}

/**
 * Signed webhook callbacks of finished runs: what the rest of the server calls. `runFinished` is the
 * run service's hook; `start` makes this process deliver (serve and worker); the rest serves the CLI
 * and checkStatus.
 */
export class Webhooks {
  readonly secrets: WebhookSecrets;
  private readonly dispatcher: WebhookDispatcher;
  private readonly worker: WebhookWorker;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dependencies: WebhookDependencies,
    private readonly options: WebhookOptions,
  ) {
    const { store, secretBox, queue, http, now, logger } = dependencies;
    this.secrets = new WebhookSecrets(store, secretBox, now);
    this.dispatcher = new WebhookDispatcher(store, queue, now);
    this.worker = new WebhookWorker({
      store,
      secrets: this.secrets,
      sender: new WebhookSender(http, { timeoutMs: options.timeoutMs, now }),
      policy: options.retry,
      now,
      onGiveUp: (delivery, reason) =>
        logger.warn(
          { deliveryId: delivery.id, requestId: delivery.requestId, url: displayUrl(delivery.url), reason },
          'webhook delivery given up',
        ),
    });
  }

  /** The run service's hook, once a run's final record is committed. */
  runFinished(run: RunRecord, callbacks: RunCallbacks): Promise<void> {
    return this.dispatcher.runFinished(run, callbacks);
  }

  /** Starts delivering in this process: takes `webhook` jobs and sweeps for lost ones. */
  start(): void {
    if (this.sweepTimer) return;
    this.dependencies.queue.work('webhook', this.worker.handle, { concurrency: this.options.concurrency });
    const sweep = () =>
      this.dispatcher
        .requeueOverdue(this.options.sweepGraceMs ?? 5 * 60_000, 500)
        .catch((error: unknown) => this.dependencies.logger.error({ err: error }, 'webhook sweep failed'));
    void sweep();
    this.sweepTimer = setInterval(sweep, this.options.sweepIntervalMs ?? 60_000);
    this.sweepTimer.unref();
  }

  /** Stops the sweep; the queue's close stops the deliveries. */
  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  list(projectId: string, options: { requestId?: string; limit?: number } = {}): Promise<DeliveryView[]> {
    const { requestId, limit = 100 } = options;
    return listDeliveries(this.dependencies.store, projectId, {
      limit,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  /** checkStatus's `webhooks` entry of a run (empty when it has none). */
  summary(projectId: string, requestId: string): Promise<JsonValue[]> {
    return summarizeDeliveries(this.dependencies.store, projectId, requestId);
  }

  /** Deliveries waiting for an attempt, across projects (metrics). */
  backlog(): Promise<number> {
    return countWebhookBacklog(this.dependencies.store);
  }
}
