import { isJsonObject, type JsonValue } from '@flowgate/engine';
import { type Job, RetryLater } from '../queue/job-queue.ts';
import type { Store, WebhookAttemptOutcome, WebhookDeliveryRecord } from '../store/store.ts';
import type { WebhookJobPayload } from './webhook-dispatcher.ts';
import { nextAttemptDelayMs, type WebhookRetryPolicy } from './webhook-retry-policy.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';
import type { AttemptResult, WebhookSender } from './webhook-sender.ts';

export interface WebhookWorkerDependencies {
  store: Pick<Store, 'webhookDeliveries'>;
  secrets: Pick<WebhookSecrets, 'signingSecrets'>;
  sender: Pick<WebhookSender, 'send'>;
  policy: WebhookRetryPolicy;
  now: () => number;
  /** Told when a delivery is given up (failed for good). */
  onGiveUp: (delivery: WebhookDeliveryRecord, reason: string) => void;
  random?: () => number;
}

/**
 * The queue handler of `webhook` jobs: one attempt per call. Every attempt is recorded; a delivery
 * still pending afterwards goes back to the queue with RetryLater and its backoff, so the wait
 * survives restarts. The job may run twice (a lost lease): a delivery no longer pending is skipped,
 * and receivers deduplicate by X-Flowgate-Delivery — delivery is at least once.
 */
export class WebhookWorker {
  constructor(private readonly dependencies: WebhookWorkerDependencies) {}

  readonly handle = async (job: Job): Promise<void> => {
    const { projectId, deliveryId } = readPayload(job.payload);
    const { store, secrets, sender } = this.dependencies;
    const delivery = await store.webhookDeliveries.get(projectId, deliveryId);
    if (delivery?.status !== 'pending') return;
    const result = await sender.send(delivery, await secrets.signingSecrets(projectId));
    const outcome = this.judge(delivery, result);
    await store.webhookDeliveries.recordAttempt(projectId, deliveryId, outcome);
    if (outcome.status === 'failed') this.dependencies.onGiveUp(delivery, outcome.error ?? 'failed');
    if (outcome.status === 'pending' && outcome.nextAttemptAt !== null) {
      const delayMs = Math.max(0, outcome.nextAttemptAt - this.dependencies.now());
      throw new RetryLater(delayMs, `webhook ${deliveryId} not delivered (${outcome.error}); retrying`);
    }
  };

  /** delivered on 2xx; failed when a retry cannot help or would fall past the give-up time. */
  private judge(delivery: WebhookDeliveryRecord, result: AttemptResult): WebhookAttemptOutcome {
    const base = {
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      error: result.error,
    };
    if (result.delivered) return { ...base, status: 'delivered', nextAttemptAt: null };
    if (!result.retryable) return { ...base, status: 'failed', nextAttemptAt: null };
    const now = this.dependencies.now();
    const delay = nextAttemptDelayMs(
      this.dependencies.policy,
      {
        failedAttempts: delivery.attempts + 1,
        createdAt: delivery.createdAt,
        now,
        retryAfterMs: result.retryAfterMs,
      },
      this.dependencies.random,
    );
    if (delay === undefined) return { ...base, status: 'failed', nextAttemptAt: null };
    return { ...base, status: 'pending', nextAttemptAt: now + delay };
  }
}

function readPayload(payload: JsonValue): WebhookJobPayload {
  if (
    isJsonObject(payload) &&
    typeof payload.projectId === 'string' &&
    typeof payload.deliveryId === 'string'
  ) {
    return { projectId: payload.projectId, deliveryId: payload.deliveryId };
  }
  throw new Error(`a webhook job must carry {projectId, deliveryId}, not ${JSON.stringify(payload)}`);
}
