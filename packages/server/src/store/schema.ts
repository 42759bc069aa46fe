/**
 * The tables as Kysely sees them: column names as stored (snake_case), types as read back.
 *
 * Portable choices, so one codebase serves SQLite and PostgreSQL:
 * - times are epoch milliseconds (`bigint` on PostgreSQL, read back as JS numbers; INTEGER on SQLite);
 * - booleans are integers 0/1;
 * - JSON documents (and `scopes`) are text written with JSON.stringify and parsed on read.
 */
import type { NodeRunStatus, RunMode, RunStatus } from './store.ts';

export interface Database {
  projects: ProjectTable;
  api_keys: ApiKeyTable;
  secret_keys: SecretKeyTable;
  secrets: SecretTable;
  flows: FlowTable;
  deployments: DeploymentTable;
  runs: RunTable;
  run_nodes: RunNodeTable;
  feedback: FeedbackTable;
  credentials: CredentialTable;
}

export interface ProjectTable {
  id: string;
  name: string;
  created_at: number;
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
}

export interface RunNodeTable {
  request_id: string;
  position: number;
  node_id: string;
  kind: string;
  name: string;
  status: NodeRunStatus;
  /** JSON, or null. */
  input: string | null;
  /** JSON, or null. */
  output: string | null;
  error: string | null;
  started_at: number | null;
  duration_ms: number | null;
  total_tokens: number | null;
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
