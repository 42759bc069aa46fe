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
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  logLevel: 'LOG_LEVEL',
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
