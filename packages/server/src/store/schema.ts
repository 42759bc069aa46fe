/**
 * The tables as Kysely sees them: column names as stored (snake_case), types as read back.
 *
 * Portable choices, so one codebase serves SQLite and PostgreSQL:
 * - times are epoch milliseconds (`bigint` on PostgreSQL, read back as JS numbers; INTEGER on SQLite);
 * - booleans are integers 0/1;
 * - JSON documents (and `scopes`) are text written with JSON.stringify and parsed on read.
 */
import type { RunMode, RunStatus, WebhookDeliverySource, WebhookDeliveryStatus } from './store.ts';

export interface Database {
  projects: ProjectTable;
  project_settings: ProjectSettingsTable;
  api_keys: ApiKeyTable;
  secret_keys: SecretKeyTable;
  secrets: SecretTable;
  flows: FlowTable;
  deployments: DeploymentTable;
  runs: RunTable;
  feedback: FeedbackTable;
  credentials: CredentialTable;
  webhook_secrets: WebhookSecretTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  jobs: JobTable;
  users: UserTable;
  sessions: SessionTable;
}

export interface ProjectTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ProjectSettingsTable {
  project_id: string;
  /** JSON text of ProjectSettings. */
  settings: string;
  updated_at: number;
}

export interface ApiKeyTable {
  id: string;
  project_id: string;
  name: string;
  prefix: string;
  last_four: string;
  hash: string;
  /** JSON array of strings. */
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  /** Requests per second for this key; null: the configured default. */
  rate_limit_per_second: number | null;
}

export interface SecretKeyTable {
  id: string;
  project_id: string;
  encrypted_secret: string;
  created_at: number;
  revoked_at: number | null;
}

export interface SecretTable {
  project_id: string;
  name: string;
  encrypted_value: string;
  updated_at: number;
}

export interface FlowTable {
  project_id: string;
  id: string;
  name: string;
  /** JSON. */
  definition: string;
  updated_at: number;
}

export interface DeploymentTable {
  project_id: string;
  number: number;
  /** JSON. */
  snapshot: string;
  created_at: number;
  /** 0 or 1; a partial unique index allows one 1 per project. */
  active: number;
}

export interface RunTable {
  request_id: string;
  project_id: string;
  flow_id: string;
  deployment_number: number;
  mode: RunMode;
  status: RunStatus;
  /** JSON. */
  payload: string;
  /** JSON, or null. */
  result: string | null;
  /** JSON, or null. */
  error: string | null;
  api_key_id: string | null;
  idempotency_key: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  /**
   * The node trace: a JSON array, one object per node in the order they finished (run-trace.ts). One
   * column instead of a row per node: a run is one row to write, read and prune.
   */
  nodes: string;
}

export interface FeedbackTable {
  id: string;
  project_id: string;
  request_id: string;
  rating: number | null;
  comment: string | null;
  /** JSON, or null. */
  metadata: string | null;
  created_at: number;
}

export interface CredentialTable {
  project_id: string;
  name: string;
  /** openai | anthropic | google | openai-compatible */
  provider: string;
  base_url: string | null;
  /** Sealed by crypto/secret-box; null for keyless endpoints (a local Ollama). */
  encrypted_api_key: string | null;
  default_model: string | null;
  created_at: number;
  updated_at: number;
}

export interface JobTable {
  id: string;
  kind: string;
  key: string;
  /** JSON. */
  payload: string;
  /** pending | failed (retries exhausted: kept for inspection, never claimed). */
  status: 'pending' | 'failed';
  attempt: number;
  failures: number;
  run_at: number;
  /** The process holding the job, while one does. */
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
}

export interface WebhookSecretTable {
  project_id: string;
  /** Sealed by crypto/secret-box. */
  encrypted_secret: string;
  /** The secret before the last rotation, still signing until the rotation settles. */
  previous_encrypted_secret: string | null;
  created_at: number;
  rotated_at: number | null;
}

export interface WebhookDeliveryTable {
  id: string;
  project_id: string;
  request_id: string;
  flow_id: string;
  source: WebhookDeliverySource;
  url: string;
  /** JSON object of extra request headers. */
  headers: string;
  /** The exact bytes sent (and signed), frozen when the run finished. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  created_at: number;
  updated_at: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
}

export interface WebhookAttemptTable {
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

export interface UserTable {
  id: string;
  /** Lower-cased: unique without regard to case. */
  email: string;
  /** `scrypt$N$r$p$salt$hash` (studio/auth/password.ts). */
  password_hash: string;
  created_at: number;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie's random token; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}
