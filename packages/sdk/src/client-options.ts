import { ConfigurationError } from './errors/configuration-error.ts';
import type { ForbiddenError } from './errors/forbidden-error.ts';
import type { Credentials, RetryListener, TransportSettings } from './http/graphql-transport.ts';
import { DEFAULT_RETRY, type RetryOptions } from './http/retry-policy.ts';

export interface FlowgateOptions {
  /** The Project URL, e.g. `https://flows.example.com/graphql`. Env: FLOWGATE_ENDPOINT, LAMATIC_PROJECT_ENDPOINT. */
  endpoint?: string;
  /** Sent as x-project-id. Env: FLOWGATE_PROJECT_ID, LAMATIC_PROJECT_ID. */
  projectId?: string;
  /** An API key, for servers. Env: FLOWGATE_API_KEY, LAMATIC_API_KEY. */
  apiKey?: string;
  /** An access token (a JWT your backend signs with a project secret key), for browsers. */
  accessToken?: string;
  /** Called once when the server refuses the access token (403): answer a fresh one to try again with. */
  refreshAccessToken?: (rejected: ForbiddenError) => string | Promise<string>;
  /** Another fetch (a proxy agent, a test double). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Backoff for transient failures, or false to send each request once. */
  retry?: Partial<RetryOptions> | false;
  /** Default budget of a call, retries and polls included. Default 150 s (the server's sync limit is 120 s). */
  timeoutMs?: number;
  /** Told before each retry (logging, metrics). */
  onRetry?: RetryListener;
}

export interface ResolvedOptions {
  transport: TransportSettings;
  timeoutMs: number;
}

const ENVIRONMENT_NAMES = {
  endpoint: ['FLOWGATE_ENDPOINT', 'LAMATIC_PROJECT_ENDPOINT'],
  projectId: ['FLOWGATE_PROJECT_ID', 'LAMATIC_PROJECT_ID'],
  apiKey: ['FLOWGATE_API_KEY', 'LAMATIC_API_KEY'],
} as const;

/** Checks the options (with the environment's fallbacks on Node), listing every problem at once. */
export function resolveOptions(options: FlowgateOptions): ResolvedOptions {
  const problems: string[] = [];
  const endpoint = options.endpoint ?? fromEnvironment('endpoint');
  if (endpoint === undefined) problems.push('endpoint is missing (the Project URL; env FLOWGATE_ENDPOINT)');
  else if (!/^https?:\/\/[^/]/i.test(endpoint)) problems.push(`endpoint "${endpoint}" is not an http(s) URL`);
  const credentials = readCredentials(options, problems);
  const fetchFunction = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (fetchFunction === undefined) problems.push('no global fetch here: pass options.fetch');
  const retry =
    options.retry === false ? { ...DEFAULT_RETRY, maxRetries: 0 } : { ...DEFAULT_RETRY, ...options.retry };
  for (const [name, value] of Object.entries(retry)) {
    if (!Number.isFinite(value) || value < 0) problems.push(`retry.${name} must be a number of at least 0`);
  }
  const timeoutMs = options.timeoutMs ?? 150_000;
  if (!(timeoutMs > 0)) problems.push('timeoutMs must be more than 0');
  if (
    problems.length > 0 ||
    endpoint === undefined ||
    credentials === undefined ||
    fetchFunction === undefined
  ) {
    throw new ConfigurationError(problems);
  }
  const transport: TransportSettings = {
    endpoint,
    projectId: options.projectId ?? fromEnvironment('projectId'),
    credentials,
    fetch: fetchFunction,
    retry: Object.freeze(retry),
    refreshAccessToken: options.refreshAccessToken,
    onRetry: options.onRetry,
  };
  return { transport, timeoutMs };
}

function readCredentials(options: FlowgateOptions, problems: string[]): Credentials | undefined {
  if (options.apiKey !== undefined && options.accessToken !== undefined) {
    problems.push('give apiKey or accessToken, not both');
    return undefined;
  }
  if (options.accessToken !== undefined) return { accessToken: options.accessToken };
  const apiKey = options.apiKey ?? fromEnvironment('apiKey');
  if (apiKey === undefined || apiKey === '') {
    problems.push('apiKey or accessToken is missing (env FLOWGATE_API_KEY)');
    return undefined;
  }
  return { apiKey };
}

/** Environment variables exist on Node (and Deno, Bun); browsers have none. */
function fromEnvironment(name: keyof typeof ENVIRONMENT_NAMES): string | undefined {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (environment === undefined) return undefined;
  for (const variable of ENVIRONMENT_NAMES[name]) {
    const value = environment[variable];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
