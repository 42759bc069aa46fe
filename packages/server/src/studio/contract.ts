/**
 * The Studio's HTTP API: what `packages/studio` (the browser) and `src/studio/` (the server) agree on.
 * Types only and no imports, so the browser build can `import type` this file directly.
 *
 * Transport: JSON over `/studio/api/*`. The session is an HttpOnly, SameSite=Strict cookie
 * `flowgate_session`. Every request that changes something (POST, PUT, DELETE) must carry the header
 * `x-flowgate-studio: 1` and `Content-Type: application/json` (a cross-site form cannot set either, so a
 * forged request is refused with 403 CSRF_REJECTED). Times are epoch milliseconds.
 *
 * Errors: any non-2xx answer has the body `StudioErrorBody`; 401 UNAUTHENTICATED means "log in".
 *
 * Routes (P = /studio/api/projects/:projectId):
 *   GET    /studio/api/session                      -> SessionView
 *   POST   /studio/api/setup        SetupRequest    -> SessionView   (only while no user exists; 409 otherwise)
 *   POST   /studio/api/login        LoginRequest    -> SessionView   (401 INVALID_CREDENTIALS)
 *   POST   /studio/api/logout                       -> { ok: true }
 *   GET    /studio/api/projects                     -> ProjectView[]
 *   POST   /studio/api/projects     CreateProjectRequest -> ProjectView
 *   GET    P                                        -> ProjectView
 *   PUT    P/settings               ProjectSettings -> ProjectView
 *   GET    P/keys                                   -> ApiKeyView[]
 *   POST   P/keys                   CreateApiKeyRequest -> CreatedApiKeyView   (the key is in this answer only)
 *   POST   P/keys/:keyId/revoke                     -> ApiKeyView
 *   GET    P/secret-keys                            -> SecretKeyView[]
 *   POST   P/secret-keys                            -> CreatedSecretKeyView
 *   POST   P/secret-keys/:id/revoke                 -> SecretKeyView
 *   GET    P/secrets                                -> SecretView[]          (names only, never values)
 *   PUT    P/secrets/:name          PutSecretRequest -> SecretView
 *   DELETE P/secrets/:name                          -> { ok: true }
 *   GET    P/credentials                            -> CredentialView[]      (never the API key)
 *   PUT    P/credentials/:name      PutCredentialRequest -> CredentialView
 *   DELETE P/credentials/:name                      -> { ok: true }
 *   GET    /studio/api/node-kinds                   -> NodeKindView[]
 *   GET    P/flows                                  -> FlowSummary[]
 *   POST   P/flows                  SaveFlowRequest -> FlowDraftView         (create, 201; 409 if the id exists)
 *   GET    P/flows/:flowId                          -> FlowDraftView
 *   PUT    P/flows/:flowId          SaveFlowRequest -> FlowDraftView         (saves even with problems)
 *   DELETE P/flows/:flowId                          -> { ok: true }
 *   POST   P/flows/import           ImportFlowsRequest -> ImportFlowsResult  (saved as drafts, replacing drafts of the same id)
 *   POST   P/flows/validate         ValidateFlowRequest -> ValidationResult
 *   POST   P/flows/:flowId/test-run TestRunRequest  -> RunDetail             (runs the saved draft, recorded mode "test")
 *   GET    P/deployments                            -> DeploymentView[]      (newest first)
 *   POST   P/deployments            DeployRequest   -> DeploymentView        (201; 422 DEPLOY_INVALID with problems)
 *   POST   P/deployments/:number/rollback           -> DeploymentView
 *   GET    P/runs?RunQuery                          -> RunPage
 *   GET    P/runs/export?RunQuery&format=json|csv   -> a file (Content-Disposition: attachment)
 *   GET    P/runs/:requestId                        -> RunDetail
 *   GET    P/reports?ReportQuery                    -> ReportView
 *   GET    P/api-docs                               -> ApiDocsView
 */

export type StudioErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'CSRF_REJECTED'
  | 'SETUP_DONE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DEPLOY_INVALID'
  | 'INTERNAL';

export interface StudioErrorBody {
  error: {
    code: StudioErrorCode;
    /** A sentence that says what was wrong and how to fix it. */
    message: string;
    /** For BAD_REQUEST: the fields that were wrong. */
    fields?: { path: string; message: string }[];
    /** For DEPLOY_INVALID / validation: what the compiler found. */
    problems?: FlowProblem[];
  };
}

// ---------- session ----------

export interface UserView {
  id: string;
  email: string;
  createdAt: number;
}

export interface SessionView {
  /** True until the owner account exists: the Studio then shows the setup form. */
  setupRequired: boolean;
  user: UserView | null;
}

export interface SetupRequest {
  email: string;
  /** At least 10 characters. */
  password: string;
}

export type LoginRequest = SetupRequest;

// ---------- projects ----------

export interface ProjectSettings {
  smartRetries: boolean;
}

export interface ProjectView {
  id: string;
  name: string;
  createdAt: number;
  /** The Project URL: the GraphQL endpoint, e.g. http://127.0.0.1:8787/graphql */
  endpoint: string;
  settings: ProjectSettings;
  /** Number of the active deployment, null before the first deploy. */
  activeDeployment: number | null;
}

export interface CreateProjectRequest {
  name: string;
}

// ---------- keys, secret keys, secrets, credentials ----------

export type ApiKeyScope = 'flows:execute' | 'runs:read' | 'feedback:write';
export type KeyStatus = 'active' | 'expired' | 'revoked';

export interface ApiKeyView {
  id: string;
  name: string;
  /** Shown as `${prefix}…${lastFour}`. */
  prefix: string;
  lastFour: string;
  scopes: ApiKeyScope[];
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  status: KeyStatus;
}

export interface CreateApiKeyRequest {
  name: string;
  /** A duration such as 90s, 15m, 12h, 30d; absent = never expires. */
  expiresIn?: string;
  /** Absent = all scopes. */
  scopes?: ApiKeyScope[];
}

export interface CreatedApiKeyView {
  key: ApiKeyView;
  /** The full key, shown once: it is stored only as a hash. */
  secret: string;
}

export interface SecretKeyView {
  id: string;
  createdAt: number;
  revokedAt: number | null;
  status: KeyStatus;
}

export interface CreatedSecretKeyView {
  secretKey: SecretKeyView;
  /** The signing secret for access tokens (HS256), shown once. */
  secret: string;
}

export interface SecretView {
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface PutSecretRequest {
  value: string;
}

export type CredentialProvider = 'openai' | 'anthropic' | 'google' | 'openai-compatible';

export interface CredentialView {
  name: string;
  provider: CredentialProvider;
  baseUrl: string | null;
  /** The project's default model, when this credential provides it. */
  defaultModel: string | null;
  hasApiKey: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface PutCredentialRequest {
  provider: CredentialProvider;
  baseUrl?: string;
  /** Absent on an update = keep the stored key. */
  apiKey?: string;
  defaultModel?: string;
}

// ---------- flows ----------

/** Lamatic's flow JSON (React-Flow nodes with `data.nodeId` = kind, `data.values` = config; edges). */
export interface FlowDefinitionJson {
  id: string;
  name: string;
  description?: string;
  nodes: FlowNodeJson[];
  edges: FlowEdgeJson[];
  [extra: string]: unknown;
}

export interface FlowNodeJson {
  id: string;
  type?: string;
  position?: { x: number; y: number };
  data: { nodeId: string; trigger?: boolean; values: Record<string, unknown>; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface FlowEdgeJson {
  id?: string;
  source: string;
  target: string;
  /** e.g. defaultEdge, conditionEdge, loopEdge */
  type?: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  data?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

export interface FlowProblem {
  /** Stable code, e.g. UNKNOWN_NODE_KIND, UNKNOWN_TEMPLATE_REFERENCE, MISSING_CREDENTIAL, NO_RESPONSE_NODE, INVALID_FLOW */
  code: string;
  message: string;
  nodeId?: string;
  /** The config field of the node, e.g. "code" or "outputMapping". */
  field?: string;
  severity: 'error' | 'warning';
}

export interface FlowSummary {
  id: string;
  name: string;
  description: string | null;
  nodeCount: number;
  /** The trigger's kind, e.g. graphqlNode, webhookTriggerNode, cronNode. */
  triggerKind: string | null;
  updatedAt: number;
  /** Whether the active deployment contains this flow, and whether the draft changed since. */
  deployed: boolean;
  changedSinceDeploy: boolean;
}

export interface FlowDraftView {
  summary: FlowSummary;
  definition: FlowDefinitionJson;
  problems: FlowProblem[];
}

export interface SaveFlowRequest {
  definition: FlowDefinitionJson;
}

export type ImportFlowsRequest =
  | { format: 'json'; content: string }
  /** `flowId`: the flow's id (e.g. the file's name without .yaml); absent = taken from the YAML, else "imported-flow". */
  | { format: 'yaml'; content: string; flowId?: string }
  /** A kit folder (e.g. unzipped in the browser): path inside the kit -> file text. */
  | { format: 'kit'; files: Record<string, string> };

export interface ImportFlowsResult {
  flows: FlowSummary[];
  problems: FlowProblem[];
}

export interface ValidateFlowRequest {
  definition: FlowDefinitionJson;
}

export interface ValidationResult {
  problems: FlowProblem[];
}

export interface NodeFieldView {
  name: string;
  label: string;
  type: 'string' | 'text' | 'code' | 'number' | 'boolean' | 'json' | 'select' | 'model';
  required: boolean;
  options?: string[];
  description?: string;
}

export interface NodeKindView {
  kind: string;
  label: string;
  category: 'trigger' | 'response' | 'logic' | 'ai' | 'data' | 'integration';
  description: string;
  fields: NodeFieldView[];
}

export interface TestRunRequest {
  payload: Record<string, unknown>;
}

// ---------- deployments ----------

export interface DeploymentView {
  number: number;
  createdAt: number;
  active: boolean;
  flows: { id: string; name: string }[];
}

export interface DeployRequest {
  /** Absent = every draft of the project. */
  flowIds?: string[];
}

// ---------- runs (Logs) ----------

export type RunStatus = 'queued' | 'running' | 'success' | 'error';
export type RunMode = 'sync' | 'async' | 'batch' | 'stream' | 'webhook' | 'schedule' | 'subflow' | 'test';

/** Query string of GET P/runs. */
export interface RunQuery {
  flowId?: string;
  status?: RunStatus;
  /** Free text searched in payloads, results and errors. */
  search?: string;
  /** Epoch ms bounds on createdAt. */
  from?: number;
  to?: number;
  /** Opaque, from RunPage.nextCursor. */
  cursor?: string;
  /** 1–200, default 50. */
  limit?: number;
}

export interface RunSummary {
  requestId: string;
  flowId: string;
  status: RunStatus;
  mode: RunMode;
  deploymentNumber: number;
  createdAt: number;
  durationMs: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  apiKeyName: string | null;
}

export interface RunPage {
  runs: RunSummary[];
  /**
   * Null on the last page. A `search` reads at most 5,000 runs per page, so a rare word may give
   * fewer runs than `limit` (even none) with a cursor: load the next page to search older runs.
   * A search equal to a requestId answers that run alone.
   */
  nextCursor: string | null;
}

export interface NodeTraceView {
  position: number;
  nodeId: string;
  kind: string;
  name: string;
  status: 'success' | 'error' | 'skipped';
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: number | null;
  durationMs: number | null;
  totalTokens: number | null;
  costUsd: number | null;
}

export interface RunDetail extends RunSummary {
  payload: unknown;
  result: unknown;
  error: { code?: string; message?: string; nodeId?: string } | null;
  nodes: NodeTraceView[];
}

// ---------- reports ----------

export interface ReportQuery {
  flowId?: string;
  /** Epoch ms; default the last 24 h. */
  from?: number;
  to?: number;
  bucket?: 'hour' | 'day';
}

export interface ReportBucket {
  start: number;
  requests: number;
  errors: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalTokens: number;
  costUsd: number;
}

export interface ReportView {
  from: number;
  to: number;
  bucket: 'hour' | 'day';
  buckets: ReportBucket[];
  totals: Omit<ReportBucket, 'start'>;
  /** Per-flow totals over the period, for the per-flow breakdown. */
  flows: ({ flowId: string } & Omit<ReportBucket, 'start'>)[];
}

// ---------- API docs ----------

export interface ApiFieldDoc {
  name: string;
  type: string;
  required: boolean;
  description: string | null;
}

export interface ApiFlowDoc {
  flowId: string;
  name: string;
  description: string | null;
  /** How the trigger answers: sync (the result in the response), async (a requestId), or a stream/webhook trigger. */
  responseMode: 'sync' | 'async' | 'webhook' | 'schedule';
  input: ApiFieldDoc[];
  output: ApiFieldDoc[];
  /** A ready-to-send GraphQL request body for this flow (example payload from the schema). */
  exampleBody: { query: string; variables: Record<string, unknown> };
}

export interface ApiDocsView {
  projectId: string;
  endpoint: string;
  deploymentNumber: number | null;
  flows: ApiFlowDoc[];
}
