import type { NodeKind, TriggerDescription } from '../node-kind.ts';

interface WebhookTriggerConfig {
  secret: string | undefined;
}

/**
 * "Webhook": the flow gets a URL (`POST /webhooks/{projectId}/{flowId}`) that takes any JSON body;
 * the body is this node's output. Runs are asynchronous: the caller gets a requestId at once.
 */
export const webhookTriggerNode: NodeKind<WebhookTriggerConfig> = {
  kind: 'webhookTriggerNode',
  role: 'trigger',
  compile({ values, problem }) {
    const secret = values.secret ?? values.webhookSecret;
    if (secret !== undefined && secret !== '' && typeof secret !== 'string') problem('secret must be text');
    return { secret: typeof secret === 'string' && secret !== '' ? secret : undefined };
  },
  run: (_config, { run }) => ({ output: run.payload }),
  describeTrigger: (config): TriggerDescription => ({
    invocation: 'webhook',
    responseMode: 'async',
    inputFields: {},
    validatePayload: () => [],
    ...(config.secret ? { webhookSecret: config.secret } : {}),
  }),
};
