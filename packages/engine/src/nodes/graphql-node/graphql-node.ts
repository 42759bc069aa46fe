import type { JsonValue } from '../../json.ts';
import type { NodeKind, TriggerDescription } from '../node-kind.ts';
import { compileWebhookTarget, type WebhookTarget } from '../webhook-target.ts';
import { compileInputSchema, type InputSchema } from './input-schema.ts';

interface GraphqlTriggerConfig {
  responseMode: 'realtime' | 'async';
  schema: InputSchema | undefined;
  webhook: WebhookTarget | undefined;
}

/**
 * "API Request": the trigger of flows run through `executeWorkflow`. Its output is the payload.
 * `responeType` (sic) is the key real exports use; `responseType` is read too.
 */
export const graphqlNode: NodeKind<GraphqlTriggerConfig> = {
  kind: 'graphqlNode',
  role: 'trigger',
  compile({ values, problem }) {
    const mode = values.responeType ?? values.responseType ?? 'realtime';
    if (mode !== 'realtime' && mode !== 'async') {
      problem(`responeType must be "realtime" or "async", not ${JSON.stringify(mode)}`);
    }
    return {
      responseMode: mode === 'async' ? 'async' : 'realtime',
      schema: compileInputSchema(values.advance_schema, problem),
      webhook: compileWebhookTarget(values, { problem }),
    };
  },
  run(_config, { run }) {
    return { output: run.payload };
  },
  webhookTarget: (config) => config.webhook,
  describeTrigger(config): TriggerDescription {
    const schema = config.schema;
    return {
      invocation: 'api',
      responseMode: config.responseMode,
      inputFields: schema?.fields ?? {},
      validatePayload: (payload: JsonValue) => schema?.validate(payload) ?? [],
    };
  },
};
