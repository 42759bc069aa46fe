import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { TemplatedValue } from '../../templates/templated-value.ts';
import type { NodeCompileContext, NodeKind } from '../node-kind.ts';
import { compileWebhookTarget, type WebhookTarget } from '../webhook-target.ts';

interface ResponseConfig {
  mapping: TemplatedValue | undefined;
  webhook: WebhookTarget | undefined;
}

/**
 * "API Response": builds the flow's `result` from `outputMapping`, a JSON document whose strings are
 * templates. A string that is exactly one template keeps the referenced value's JSON type.
 */
export const graphqlResponseNode: NodeKind<ResponseConfig> = {
  kind: 'graphqlResponseNode',
  role: 'response',
  compile(context) {
    return { mapping: compileMapping(context), webhook: compileWebhookTarget(context.values, context) };
  },
  webhookTarget: (config) => config.webhook,
  run({ mapping }, { scope }) {
    return { output: mapping ? mapping.render(scope) : {} };
  },
};

function compileMapping({ values, problem, reads }: NodeCompileContext): TemplatedValue | undefined {
  const raw = values.outputMapping;
  if (raw === undefined || raw === null || raw === '') return undefined;
  let mapping: JsonValue;
  try {
    mapping = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
  } catch (error) {
    problem(
      `outputMapping is not valid JSON (${(error as Error).message}); quote each template: "{{node.output.x}}"`,
    );
    return undefined;
  }
  if (!isJsonObject(mapping)) {
    problem(
      'outputMapping must be a JSON object such as {"answer": "{{LLMNode_1.output.generatedResponse}}"}',
    );
    return undefined;
  }
  const compiled = new TemplatedValue(mapping);
  reads(compiled.references);
  return compiled;
}
