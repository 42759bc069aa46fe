/**
 * The Store port's webhook part (re-exported by store.ts): project signing secrets, and the
 * deliveries of finished runs to receivers with every attempt made. Times are epoch milliseconds.
 */

export interface WebhookSecretRecord {
  projectId: string;
  /** Sealed by the caller (crypto/secret-box). */
  encryptedSecret: string;
  /** The secret before the last rotation; callers stop signing with it once the rotation settles. */
  previousEncryptedSecret: string | null;
  createdAt: number;
  rotatedAt: number | null;
}

export interface WebhookSecretRepository {
  get(projectId: string): Promise<WebhookSecretRecord | undefined>;
  /**
   * Stores the project's first secret unless one exists (two processes may need one at once);
   * answers the stored one, which may be the other process's.
   */
  createIfAbsent(secret: WebhookSecretRecord): Promise<WebhookSecretRecord>;
  /** Replaces the secret, keeping the current one as the previous; creates it when absent. */
  rotate(projectId: string, encryptedSecret: string, at: number): Promise<WebhookSecretRecord>;
}

/** pending: waiting for its next attempt; delivered: a 2xx came back; failed: given up. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';
/** flow: the flow's webhookUrl; request: the X-Callback-Url of the request that started the run. */
export type WebhookDeliverySource = 'flow' | 'request';

export interface WebhookDeliveryRecord {
  id: string;
  projectId: string;
  requestId: string;
  flowId: string;
  source: WebhookDeliverySource;
  url: string;
  /** Extra request headers (the flow's `headers`). */
  headers: Record<string, string>;
  /** The JSON text sent, identical on every attempt. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

export type NewWebhookDelivery = Omit<
  WebhookDeliveryRecord,
  'status' | 'attempts' | 'updatedAt' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError'
>;

export interface WebhookAttemptRecord {
  deliveryId: string;
  /** 1, 2, 3… per delivery. */
  attempt: number;
  startedAt: number;
  durationMs: number;
  /** The receiver's HTTP status; null when no answer came (refused, timeout, connection). */
  statusCode: number | null;
  error: string | null;
}

/** One attempt's result and what follows from it. */
export interface WebhookAttemptOutcome {
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** The delivery's status after this attempt. */
  status: WebhookDeliveryStatus;
  /** When the next attempt is due (status pending), else null. */
  nextAttemptAt: number | null;
}

export interface WebhookDeliveryRepository {
  /** Inserts pending deliveries in one transaction, skipping ids that exist (enqueueing is retried). */
  create(deliveries: readonly NewWebhookDelivery[]): Promise<void>;
  get(projectId: string, id: string): Promise<WebhookDeliveryRecord | undefined>;
  /**
   * In one transaction: numbers the attempt (attempts + 1), stores it, and updates the delivery.
   * A delivery already `delivered` stays so (a late duplicate attempt cannot undo it). Answers the
   * stored attempt, or undefined when the delivery does not exist.
   */
  recordAttempt(
    projectId: string,
    id: string,
    outcome: WebhookAttemptOutcome,
  ): Promise<WebhookAttemptRecord | undefined>;
  /** Newest first; every delivery of one run with `requestId`. */
  list(projectId: string, options: { limit: number; requestId?: string }): Promise<WebhookDeliveryRecord[]>;
  /** The attempts of these deliveries of the project, by delivery and then first first. */
  attempts(projectId: string, deliveryIds: readonly string[]): Promise<WebhookAttemptRecord[]>;
  /** Deliveries still pending, across projects: the webhook backlog (metrics). */
  countPending(): Promise<number>;
  /**
   * Pending deliveries, across projects, whose next attempt was due before `dueBefore`, oldest due
   * first: those whose queue job may have been lost, to enqueue again.
   */
  overdue(dueBefore: number, limit: number): Promise<{ projectId: string; id: string }[]>;
}
