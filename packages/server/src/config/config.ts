import path from 'node:path';
import { z } from 'zod';

/**
 * Everything the server reads from its surroundings, checked by one schema at start (every problem
 * listed at once) and frozen. Only the composition root builds it; parts receive slices.
 */
const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().min(1).default('./.flowgate'),
  databaseUrl: z.string().url().optional(),
  redisUrl: z.string().url().optional(),
  /** Namespaces Flowgate's Redis keys and channels (BullMQ queues, cache invalidation). */
  redisPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only')
    .default('flowgate'),
  /**
   * Whether `flowgate serve` also runs queued jobs (async, webhook and scheduled runs). Default: yes
   * in the embedded mode, no with REDIS_URL, where `flowgate worker` processes run them.
   */
  serveWorks: z.union([z.boolean(), z.stringbool()]).optional(),
  /** Jobs one process runs at once (per kind). Flows mostly wait on I/O, so this can be high. */
  workerConcurrency: z.coerce.number().int().positive().default(32),
  /** How long a job stays with a process that stopped renewing its lease (died) before another takes it. */
  queueLeaseMs: z.coerce.number().int().min(500).default(30_000),
  /** How often the embedded queue looks for due jobs; an enqueue in the same process wakes it at once. */
  queuePollMs: z.coerce.number().int().positive().default(250),
  /**
   * A queued or running run this old whose job is no longer in the queue is closed as failed
   * (RUN_ABANDONED): its process died before queueing it, or its job failed for good.
   */
  staleRunMs: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60 * 1000),
  /** The base URL clients use; defaults to http://host:port. */
  publicUrl: z.string().url().optional(),
  /** 32 bytes, base64 or hex; else a key file is created in the data folder. */
  masterKey: z.string().min(1).optional(),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  syncTimeoutMs: z.coerce.number().int().positive().default(120_000),
  authCacheMs: z.coerce.number().int().min(0).default(1000),
  codeTimeoutMs: z.coerce.number().int().positive().default(5000),
  codeMemoryMb: z.coerce.number().int().positive().default(64),
  codeWorkers: z.coerce.number().int().positive().default(2),
  graphqlMaxDepth: z.coerce.number().int().positive().default(12),
  graphqlMaxRootFields: z.coerce.number().int().positive().default(100),
  graphqlMaxTokens: z.coerce.number().int().positive().default(10_000),
  /**
   * Token buckets (DESIGN §1, 429 RATE_LIMITED): requests per second refilled, and the burst a full
   * bucket allows. Per API key (a key's own rate replaces the first, with a burst of twice it) and
   * per project. A rate of 0 turns that bucket off.
   */
  rateLimitKeyPerSecond: z.coerce.number().min(0).default(50),
  rateLimitKeyBurst: z.coerce.number().int().min(1).default(100),
  rateLimitProjectPerSecond: z.coerce.number().min(0).default(200),
  rateLimitProjectBurst: z.coerce.number().int().min(1).default(400),
  /** Runs of one project in flight at once in this process: sync beyond it get 429, background runs wait. 0: no cap. */
  projectConcurrency: z.coerce.number().int().min(0).default(50),
  /** How long an Idempotency-Key answers with its first run. */
  idempotencyWindowMs: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60 * 1000),
  /** Most payloads one executeWorkflowBatch accepts. */
  batchMaxPayloads: z.coerce.number().int().positive().max(10_000).default(1000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Share of requests that get an info line (0 turns request lines off, 1 logs every one); 5xx
   * answers are always logged. The benchmark measures throughput with it off.
   */
  requestLogSample: z.coerce.number().min(0).max(1).default(1),
  /** `GET /metrics` asks for `Authorization: Bearer <this>` when set; open otherwise. */
  metricsToken: z.string().min(1).optional(),
  /** Retention: finished runs older than this many days are deleted in the background; 0 keeps them. */
  retentionDays: z.coerce.number().min(0).default(30),
  /** Retention: only the newest this many runs are kept; 0 keeps any number. */
  retentionMaxRuns: z.coerce.number().int().min(0).default(1_000_000),
  retentionIntervalMs: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60 * 1000),
  /** On SIGTERM: how long in-flight requests and runs may take to finish before the process exits. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(30_000),
  /** Webhook callbacks: one attempt's budget, and the retry backoff (doubling from base, capped) for a window. */
  webhookTimeoutMs: z.coerce.number().int().positive().default(10_000),
  webhookRetryBaseMs: z.coerce.number().int().min(0).default(30_000),
  webhookRetryMaxMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(60 * 60 * 1000),
  webhookRetryForMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 60 * 60 * 1000),
  /** Webhook deliveries attempted at once per process. */
  webhookConcurrency: z.coerce.number().int().positive().default(16),
  /** Hosts or CIDRs that outbound HTTP may reach despite being private (tests: 127.0.0.1). */
  allowHosts: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
});

export type Config = Readonly<z.output<typeof configSchema>> & {
  readonly sqlitePath: string;
  readonly endpointBase: string;
};
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variable for each setting; flags given on the command line win over these. */
const ENVIRONMENT: Record<keyof ConfigInput, string> = {
  host: 'HOST',
  port: 'PORT',
  dataDir: 'FLOWGATE_DATA',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'FLOWGATE_REDIS_PREFIX',
  serveWorks: 'FLOWGATE_SERVE_WORKS',
  workerConcurrency: 'FLOWGATE_WORKER_CONCURRENCY',
  queueLeaseMs: 'FLOWGATE_QUEUE_LEASE_MS',
  queuePollMs: 'FLOWGATE_QUEUE_POLL_MS',
  staleRunMs: 'FLOWGATE_STALE_RUN_MS',
  publicUrl: 'FLOWGATE_PUBLIC_URL',
  masterKey: 'FLOWGATE_MASTER_KEY',
  bodyLimitBytes: 'FLOWGATE_BODY_LIMIT_BYTES',
  syncTimeoutMs: 'FLOWGATE_SYNC_TIMEOUT_MS',
  authCacheMs: 'FLOWGATE_AUTH_CACHE_MS',
  codeTimeoutMs: 'FLOWGATE_CODE_TIMEOUT_MS',
  codeMemoryMb: 'FLOWGATE_CODE_MEMORY_MB',
  codeWorkers: 'FLOWGATE_CODE_WORKERS',
  graphqlMaxDepth: 'FLOWGATE_GRAPHQL_MAX_DEPTH',
  graphqlMaxRootFields: 'FLOWGATE_GRAPHQL_MAX_ROOT_FIELDS',
  graphqlMaxTokens: 'FLOWGATE_GRAPHQL_MAX_TOKENS',
  rateLimitKeyPerSecond: 'FLOWGATE_RATE_LIMIT_KEY_PER_SECOND',
  rateLimitKeyBurst: 'FLOWGATE_RATE_LIMIT_KEY_BURST',
  rateLimitProjectPerSecond: 'FLOWGATE_RATE_LIMIT_PROJECT_PER_SECOND',
  rateLimitProjectBurst: 'FLOWGATE_RATE_LIMIT_PROJECT_BURST',
  projectConcurrency: 'FLOWGATE_PROJECT_CONCURRENCY',
  idempotencyWindowMs: 'FLOWGATE_IDEMPOTENCY_WINDOW_MS',
  batchMaxPayloads: 'FLOWGATE_BATCH_MAX_PAYLOADS',
  logLevel: 'LOG_LEVEL',
  requestLogSample: 'FLOWGATE_REQUEST_LOG_SAMPLE',
  metricsToken: 'FLOWGATE_METRICS_TOKEN',
  retentionDays: 'FLOWGATE_RETENTION_DAYS',
  retentionMaxRuns: 'FLOWGATE_RETENTION_MAX_RUNS',
  retentionIntervalMs: 'FLOWGATE_RETENTION_INTERVAL_MS',
  shutdownGraceMs: 'FLOWGATE_SHUTDOWN_GRACE_MS',
  webhookTimeoutMs: 'FLOWGATE_WEBHOOK_TIMEOUT_MS',
  webhookRetryBaseMs: 'FLOWGATE_WEBHOOK_RETRY_BASE_MS',
  webhookRetryMaxMs: 'FLOWGATE_WEBHOOK_RETRY_MAX_MS',
  webhookRetryForMs: 'FLOWGATE_WEBHOOK_RETRY_FOR_MS',
  webhookConcurrency: 'FLOWGATE_WEBHOOK_CONCURRENCY',
  allowHosts: 'FLOWGATE_ALLOW_HOSTS',
};

export function loadConfig(environment: NodeJS.ProcessEnv, flags: Partial<ConfigInput> = {}): Config {
  const input: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(ENVIRONMENT)) {
    const value = environment[variable];
    if (value !== undefined && value !== '') input[key] = value;
  }
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) input[key] = value;
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        const variable = ENVIRONMENT[key as keyof ConfigInput];
        return `${key}${variable ? ` (${variable})` : ''}: ${issue.message}`;
      }),
    );
  }
  const config = parsed.data;
  const dataDir = path.resolve(config.dataDir);
  const endpointBase = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/$/, '');
  return Object.freeze({ ...config, dataDir, sqlitePath: path.join(dataDir, 'flowgate.db'), endpointBase });
}
