/**
 * The server's persistence port. Two adapters implement it with one Kysely codebase: SQLite
 * (better-sqlite3, the embedded default) and PostgreSQL (`DATABASE_URL`). Every method is scoped by
 * project where the data belongs to one; nothing here reads across tenants.
 *
 * Times are epoch milliseconds. JSON documents are passed as parsed values and stored as text.
 */
import type { JsonValue } from '@flowgate/engine';
import type { StudioRunQueries } from './studio-run-records.ts';
import type { WebhookDeliveryRepository, WebhookSecretRepository } from './webhook-records.ts';

export type * from './studio-run-records.ts';
export type * from './webhook-records.ts';

export interface Store {
  readonly projects: ProjectRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly secretKeys: SecretKeyRepository;
  readonly secrets: SecretRepository;
  readonly flows: FlowRepository;
  readonly deployments: DeploymentRepository;
  readonly runs: RunRepository;
  readonly feedback: FeedbackRepository;
  readonly credentials: CredentialRepository;
  readonly webhookSecrets: WebhookSecretRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  /** The embedded durable queue's table (queue/store-queue); unused when BullMQ carries the jobs. */
  readonly jobs: JobRepository;
  /** The Studio's accounts and their browser sessions. */
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  /** The Studio's reads of runs: filtered pages, export batches, reports. */
  readonly studioRuns: StudioRunQueries;
  /**
   * A number that changes when another process may have changed keys, secrets or deployments
   * (SQLite: `PRAGMA data_version`, which moves on commits by other connections). Caches compare it
   * on every hit: cheap, synchronous. Adapters without such a signal return a constant and rely on
   * cache time-to-live and pub/sub invalidation.
   */
  externalChangeVersion(): number;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /**
   * What keeps the store from serving (readiness probe): unreachable, or migrations not applied.
   * Empty when ready. Cheap: one trivial query once the migrations were seen applied.
   */
  readiness(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Project {
  id: string;
  name: string;
  createdAt: number;
}

export interface ProjectRepository {
  create(project: Project): Promise<void>;
  get(id: string): Promise<Project | undefined>;
  list(): Promise<Project[]>;
  /** The project's settings document; `{}` when none were saved. */
  getSettings(projectId: string): Promise<ProjectSettings>;
  /** Replaces the whole settings document. */
  putSettings(projectId: string, settings: ProjectSettings, at: number): Promise<void>;
}

/** Per-project behaviour that is not part of any flow. */
export interface ProjectSettings {
  /** Lamatic's Smart Retries: re-run a failed flow from the last node that succeeded. */
  smartRetries?: { enabled: boolean; maxRetries: number; delayMs: number };
}

export interface ApiKeyRecord {
  id: string;
  projectId: string;
  name: string;
  /** The visible start of the key, e.g. `fg_` plus a few characters. */
  prefix: string;
  lastFour: string;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  hash: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /**
   * This key's own request rate (token bucket, burst twice the rate), replacing the configured default.
   * Absent when the key has none.
   */
  rateLimitPerSecond?: number;
}

export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  list(projectId: string): Promise<ApiKeyRecord[]>;
  /** Returns false when no key of that id belongs to the project. Revoking twice keeps the first time. */
  revoke(projectId: string, keyId: string, at: number): Promise<boolean>;
  /** Batched write of last-used times, off the request path. */
  touch(uses: readonly { id: string; at: number }[]): Promise<void>;
}

export interface SecretKeyRecord {
  id: string;
  projectId: string;
  /** The HS256 signing secret, encrypted by the caller (crypto/secret-box). */
  encryptedSecret: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface SecretKeyRepository {
  create(key: SecretKeyRecord): Promise<void>;
  /** Keys not revoked, newest first. */
  listActive(projectId: string): Promise<SecretKeyRecord[]>;
  list(projectId: string): Promise<SecretKeyRecord[]>;
  revoke(projectId: string, keyId: string, at: number): Promise<boolean>;
}

export interface SecretRecord {
  projectId: string;
  name: string;
  /** Encrypted by the caller; the store never sees plain values. */
  encryptedValue: string;
  updatedAt: number;
}

export interface SecretRepository {
  /** Inserts or replaces by (projectId, name). */
  put(secret: SecretRecord): Promise<void>;
  list(projectId: string): Promise<SecretRecord[]>;
  delete(projectId: string, name: string): Promise<boolean>;
}

export interface FlowRecord {
  projectId: string;
  id: string;
  name: string;
  /** The draft flow definition (engine FlowDefinition as JSON). */
  definition: JsonValue;
  updatedAt: number;
}

export interface FlowRepository {
  /** Inserts or replaces the draft by (projectId, id). */
  put(flow: FlowRecord): Promise<void>;
  get(projectId: string, id: string): Promise<FlowRecord | undefined>;
  list(projectId: string): Promise<FlowRecord[]>;
  /** Removes the draft; false when the project has no flow of that id. Deployments keep their snapshots. */
  delete(projectId: string, id: string): Promise<boolean>;
}

export interface DeploymentRecord {
  projectId: string;
  /** 1, 2, 3… per project. */
  number: number;
  /** Every flow of the project at deploy time: `{ flows: FlowDefinition[] }`. */
  snapshot: JsonValue;
  createdAt: number;
  active: boolean;
}

export interface DeploymentRepository {
  /**
   * In one transaction: takes the next number, stores the snapshot, makes it the only active one.
   * Concurrent deploys of one project get distinct numbers.
   */
  create(projectId: string, snapshot: JsonValue, at: number): Promise<DeploymentRecord>;
  getActive(projectId: string): Promise<DeploymentRecord | undefined>;
  get(projectId: string, number: number): Promise<DeploymentRecord | undefined>;
  /** Newest first, without snapshots' content being needed by callers (they are included anyway). */
  list(projectId: string): Promise<DeploymentRecord[]>;
  /** Makes `number` the only active deployment; false when it does not exist. */
  activate(projectId: string, number: number): Promise<boolean>;
}

export type RunStatus = 'queued' | 'running' | 'success' | 'error';
/** `test`: a Studio test run of a saved draft (deployment number 0), never started through the API. */
export type RunMode = 'sync' | 'async' | 'batch' | 'stream' | 'webhook' | 'schedule' | 'subflow' | 'test';

export interface RunRecord {
  requestId: string;
  projectId: string;
  flowId: string;
  deploymentNumber: number;
  mode: RunMode;
  status: RunStatus;
  payload: JsonValue;
  result: JsonValue | null;
  /** `{code, message, nodeId?}` when the run failed. */
  error: JsonValue | null;
  apiKeyId: string | null;
  idempotencyKey: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  totalTokens: number | null;
  costUsd: number | null;
}

export type NodeRunStatus = 'success' | 'error' | 'skipped';

export interface RunNodeRecord {
  requestId: string;
  /** Order in which the node finished, from 0. */
  position: number;
  nodeId: string;
  kind: string;
  name: string;
  status: NodeRunStatus;
  input: JsonValue | null;
  output: JsonValue | null;
  error: string | null;
  startedAt: number | null;
  durationMs: number | null;
  totalTokens: number | null;
}

export interface RunWithNodes {
  run: RunRecord;
  nodes: RunNodeRecord[];
}

export interface RunRepository {
  /**
   * Writes runs and their node traces in one transaction: inserts new runs, replaces existing ones
   * (same requestId) whole, trace included. The group-commit recorder calls this with a batch.
   */
  save(batch: readonly RunWithNodes[]): Promise<void>;
  get(projectId: string, requestId: string): Promise<RunWithNodes | undefined>;
  /** Newest first; for logs and the CLI. */
  list(projectId: string, options: { limit: number; before?: number; flowId?: string }): Promise<RunRecord[]>;
  /**
   * Runs still queued or running, of the modes that run through the queue (not sync, stream or
   * subflow), created in [createdAfter, createdBefore), across projects, oldest first: what the
   * stale-run sweep (runs/stale-run-sweeper.ts) checks against the queue.
   */
  listUnfinished(options: {
    createdAfter: number;
    createdBefore: number;
    limit: number;
  }): Promise<RunRecord[]>;
  /**
   * The project's run holding this idempotency key, whatever its age (callers judge the window).
   * At most one exists: (project, idempotency key) is unique.
   */
  findByIdempotencyKey(projectId: string, key: string): Promise<RunRecord | undefined>;
  /**
   * Frees an expired key: clears it on the project's run that holds it if that run was created
   * before `createdBefore`, so a new run may take the key. Answers whether a run was changed.
   */
  releaseIdempotencyKey(projectId: string, key: string, createdBefore: number): Promise<boolean>;
  /**
   * Retention, across projects: deletes finished runs (node traces included) created before
   * `createdBefore`, then the oldest finished runs beyond the newest `keepNewest`. Runs still queued
   * or running are never deleted. Works in transactions of at most `batchSize` runs with a pause
   * between them, so writers are never held up for long; stops between batches once `signal` aborts.
   */
  prune(options: PruneOptions): Promise<PruneResult>;
}

export interface PruneOptions {
  /** Epoch ms; runs created before it go. Undefined: no age limit. */
  createdBefore?: number;
  /** Undefined: no count limit. */
  keepNewest?: number;
  /** Most runs per transaction (an adapter may use smaller ones, see SqliteRunRepository.prune). */
  batchSize: number;
  pauseMs: number;
  signal?: AbortSignal;
}

export interface PruneResult {
  deleted: number;
  /** False when another process was pruning the same database (PostgreSQL advisory lock). */
  ran: boolean;
}

export interface FeedbackRecord {
  id: string;
  projectId: string;
  requestId: string;
  rating: number | null;
  comment: string | null;
  metadata: JsonValue | null;
  createdAt: number;
}

export interface FeedbackRepository {
  create(feedback: FeedbackRecord): Promise<void>;
  list(projectId: string, requestId: string): Promise<FeedbackRecord[]>;
}

/** A project's model credential (DESIGN §2): what a flow's `credential_name` resolves to. */
export interface CredentialRecord {
  projectId: string;
  name: string;
  /** `openai` | `anthropic` | `google` | `openai-compatible`; checked by the caller. */
  provider: string;
  baseUrl: string | null;
  /** Encrypted by the caller; null for endpoints without a key. */
  encryptedApiKey: string | null;
  /** Set on at most one credential of a project: the project's default model. */
  defaultModel: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CredentialRepository {
  /**
   * Inserts or replaces by (projectId, name); a replaced row keeps its createdAt. When `defaultModel`
   * is set, the same transaction clears it on the project's other credentials.
   */
  put(credential: CredentialRecord): Promise<void>;
  get(projectId: string, name: string): Promise<CredentialRecord | undefined>;
  /** By name. */
  list(projectId: string): Promise<CredentialRecord[]>;
  delete(projectId: string, name: string): Promise<boolean>;
}

/** A job of the store-backed queue (queue/store-queue). `attempt` counts deliveries. */
export interface JobRecord {
  id: string;
  kind: string;
  /** Unique per kind while the job exists: enqueueing the same key again is a no-op. */
  key: string;
  payload: JsonValue;
  /** Deliveries so far (1 once claimed the first time). */
  attempt: number;
  /** Deliveries that ended in an error or a lost lease (the holder died); bounds retries. */
  failures: number;
  /** Not claimed before this time (delays and retry backoff). */
  runAt: number;
  createdAt: number;
  lastError: string | null;
}

export type NewJob = Pick<JobRecord, 'id' | 'kind' | 'key' | 'payload' | 'runAt' | 'createdAt'>;

export interface JobRepository {
  /** Inserts the jobs in one transaction, skipping any whose (kind, key) already exists. */
  add(jobs: readonly NewJob[]): Promise<void>;
  /** Whether a job of `kind` is due and unleased at `now`: a cheap read before claiming. */
  hasDue(kind: string, now: number): Promise<boolean>;
  /**
   * In one transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: BEGIN IMMEDIATE), leases up to
   * `limit` due jobs of `kind` to `owner` until `leaseUntil`, oldest first: jobs never leased, released,
   * or whose lease expired (the holder died; that counts as a failure). Each claim adds one attempt.
   */
  claim(kind: string, owner: string, now: number, leaseUntil: number, limit: number): Promise<JobRecord[]>;
  /** Extends the leases `owner` still holds among `ids`; answers those ids. */
  extendLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]>;
  /** Deletes finished jobs that `owner` still holds; answers how many. */
  complete(owner: string, ids: readonly string[]): Promise<number>;
  /**
   * Gives the job back to be claimed at `runAt`, if `owner` still holds it. With `error`, the delivery
   * counts as a failure; `dead` parks it for good (status failed, never claimed again).
   */
  release(
    id: string,
    owner: string,
    next: { runAt: number; error?: string; dead?: boolean },
  ): Promise<boolean>;
  /** Whether a job of that kind and key exists and is not parked as failed. */
  isPending(kind: string, key: string): Promise<boolean>;
  /** Pending jobs of `kind` due by `now` (waiting) or later (delayed), and the oldest due time. */
  depth(kind: string, now: number): Promise<{ waiting: number; delayed: number; oldestDueAt: number | null }>;
}

/** A Studio account. */
export interface UserRecord {
  id: string;
  /** Lower-cased by the caller; unique. */
  email: string;
  passwordHash: string;
  createdAt: number;
}

export interface UserRepository {
  /** A second user with the same email fails with StoreConstraintError `unique`. */
  create(user: UserRecord): Promise<void>;
  /**
   * Creates the user only when there is none yet, atomically (two first-time setups racing: one wins).
   * Answers whether it was created.
   */
  createFirst(user: UserRecord): Promise<boolean>;
  findByEmail(email: string): Promise<UserRecord | undefined>;
  get(id: string): Promise<UserRecord | undefined>;
  count(): Promise<number>;
}

/** A browser login: `id` is the SHA-256 (hex) of the cookie's token. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session unless it expired at `now`. */
  findLive(id: string, now: number): Promise<SessionRecord | undefined>;
  /** Records activity and moves the expiry (sliding sessions). */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Deletes sessions expired before `now`; answers how many. */
  deleteExpired(now: number): Promise<number>;
}
