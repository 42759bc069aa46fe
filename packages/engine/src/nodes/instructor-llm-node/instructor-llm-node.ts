import { NodeFailure } from '../../errors/node-failure.ts';
import { isJsonObject, type JsonObject } from '../../json.ts';
import { renderChatPrompt } from '../../models/chat-prompt.ts';
import { compileLlmCall, generateRequest, type LlmCall, llmTrace } from '../../models/llm-call.ts';
import {
  type ChatMessage,
  type GenerateResult,
  type TokenUsage,
  usageMeta,
} from '../../models/model-gateway.ts';
import type { NodeKind, NodeRunContext } from '../node-kind.ts';
import { compileOutputSchema, type OutputSchema, parseModelJson } from './output-schema.ts';

interface InstructorConfig {
  call: LlmCall;
  output: OutputSchema | undefined;
}

/**
 * "Generate JSON": asks the model for an object matching the node's `schema` (the provider's structured
 * output where it has one, and the schema in the prompt for every model), validates it, and outputs its
 * fields at the top level plus `_meta`. An answer that does not parse or validate gets ONE repair
 * attempt (the errors are sent back); a second miss fails the node quoting what was wrong.
 */
export const instructorLlmNode: NodeKind<InstructorConfig> = {
  kind: 'InstructorLLMNode',
  role: 'step',
  compile(context) {
    return {
      call: compileLlmCall(context),
      output: compileOutputSchema(context.values.schema, context.problem),
    };
  },
  async run({ call, output }, context) {
    if (!output) throw new NodeFailure(context.nodeId, 'the node has no usable schema');
    const messages = withSchemaInstruction(
      renderChatPrompt(call.prompt, context.scope, context.nodeId),
      output,
    );
    const first = await ask(call, output, messages, context);
    let answer = first;
    if (first.problems.length > 0) {
      const repair: ChatMessage[] = [
        ...messages,
        { role: 'assistant', content: first.result.text },
        { role: 'user', content: repairInstruction(first.problems) },
      ];
      answer = await ask(call, output, repair, context);
    }
    const results = answer === first ? [first.result] : [first.result, answer.result];
    if (answer.problems.length > 0 || !isJsonObject(answer.value)) {
      throw new NodeFailure(
        context.nodeId,
        `the model's JSON did not match the schema${results.length > 1 ? ' after a repair attempt' : ''}: ` +
          `${answer.problems.join('; ')}. The answer began: ${JSON.stringify(answer.result.text.slice(0, 200))}`,
      );
    }
    const meta = usageMeta(answer.result, sumUsage(results), sumCost(results));
    return { output: { ...answer.value, _meta: meta }, input: llmTrace(call, messages, answer.result) };
  },
};

interface Answer {
  result: GenerateResult;
  value: JsonObject | undefined;
  problems: string[];
}

async function ask(
  call: LlmCall,
  output: OutputSchema,
  messages: ChatMessage[],
  context: NodeRunContext,
): Promise<Answer> {
  const request = generateRequest(call, messages, context, { schema: output.schema });
  const result = await context.services.models.generate(request);
  const parsed = parseModelJson(result.text);
  if ('error' in parsed) return { result, value: undefined, problems: [parsed.error] };
  const problems = output.check(parsed.value);
  return { result, value: isJsonObject(parsed.value) ? parsed.value : undefined, problems };
}

/** The schema goes in the prompt too: providers without structured output only get "JSON, please". */
function withSchemaInstruction(messages: ChatMessage[], output: OutputSchema): ChatMessage[] {
  const instruction: ChatMessage = {
    role: 'system',
    content: `Answer with one JSON object that matches this JSON Schema, and nothing else:\n${JSON.stringify(output.schema)}`,
  };
  const lastSystem = messages.findLastIndex((message) => message.role === 'system');
  return [...messages.slice(0, lastSystem + 1), instruction, ...messages.slice(lastSystem + 1)];
}

function repairInstruction(problems: readonly string[]): string {
  return (
    `Your answer does not match the JSON Schema: ${problems.join('; ')}. ` +
    'Answer again with only the corrected JSON object.'
  );
}

function sumUsage(results: readonly GenerateResult[]): TokenUsage {
  const total: TokenUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  for (const { usage } of results) {
    total.prompt_tokens += usage.prompt_tokens;
    total.completion_tokens += usage.completion_tokens;
    total.total_tokens += usage.total_tokens;
  }
  return total;
}

function sumCost(results: readonly GenerateResult[]): number | undefined {
  if (results.some((result) => result.costUsd === undefined)) return undefined;
  return results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);
}
