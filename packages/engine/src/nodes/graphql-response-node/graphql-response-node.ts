import { isJsonObject, type JsonValue, parseJsonSafely } from '../../json.ts';
import { TemplatedValue } from '../../templates/templated-value.ts';
import type { NodeKind } from '../node-kind.ts';

interface ResponseConfig {
  mapping: TemplatedValue | undefined;
}

/**
 * "API Response": builds the flow's `result` from `outputMapping`, a JSON document whose strings are
 * templates. A string that is exactly one template keeps the referenced value's JSON type.
 */
export const graphqlResponseNode: NodeKind<ResponseConfig> = {
  kind: 'graphqlResponseNode',
  role: 'response',
  compile({ values, problem, reads }) {
    const raw = values.outputMapping;
    if (raw === undefined || raw === null || raw === '') return { mapping: undefined };
    let mapping: JsonValue;
    try {
      mapping = typeof raw === 'string' ? parseJsonSafely(raw) : (raw as JsonValue);
    } catch (error) {
      problem(
        `outputMapping is not valid JSON (${(error as Error).message}); quote each template: "{{node.output.x}}"`,
      );
      return { mapping: undefined };
    }
    if (!isJsonObject(mapping)) {
      problem(
        'outputMapping must be a JSON object such as {"answer": "{{LLMNode_1.output.generatedResponse}}"}',
      );
      return { mapping: undefined };
    }
    const compiled = new TemplatedValue(mapping);
    reads(compiled.references);
    return { mapping: compiled };
  },
  run({ mapping }, { scope }) {
    return { output: mapping ? mapping.render(scope) : {} };
  },
};
