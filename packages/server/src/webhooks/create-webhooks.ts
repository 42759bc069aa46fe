import type { Config } from '../config/config.ts';
import { GuardedFetch } from '../outbound/guarded-fetch.ts';
import { type WebhookDependencies, Webhooks } from './webhooks.ts';

/** Webhooks from the configuration: the outbound guard without redirects, the timeout and backoff. */
export function createWebhooks(config: Config, dependencies: Omit<WebhookDependencies, 'http'>): Webhooks {
  // A redirect is refused rather than followed (a POST would turn into a GET); answers over 1 MiB too.
  const http = new GuardedFetch({
    allowHosts: config.allowHosts,
    maxRedirects: 0,
    maxResponseBytes: 1 << 20,
  });
  return new Webhooks(
    { ...dependencies, http },
    {
      timeoutMs: config.webhookTimeoutMs,
      concurrency: config.webhookConcurrency,
      retry: {
        baseDelayMs: config.webhookRetryBaseMs,
        maxDelayMs: config.webhookRetryMaxMs,
        retryForMs: config.webhookRetryForMs,
      },
    },
  );
}
