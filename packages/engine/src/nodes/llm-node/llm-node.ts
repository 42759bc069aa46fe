import { renderChatPrompt } from '../../models/chat-prompt.ts';
import { compileLlmCall, generateRequest, type LlmCall, llmTrace } from '../../models/llm-call.ts';
import { usageMeta } from '../../models/model-gateway.ts';
import type { NodeKind } from '../node-kind.ts';

/**
 * "Generate Text": renders the prompts, asks the node's model (through the ModelGateway port) and
 * outputs `{generatedResponse, _meta}` as Lamatic does. Streaming runs receive the text as it comes.
 * A missing or placeholder model config deploys (kits ship them) and is resolved at run time.
 */
export const llmNode: NodeKind<LlmCall> = {
  kind: 'LLMNode',
  role: 'step',
  compile: compileLlmCall,
  async run(call, context) {
    const messages = renderChatPrompt(call.prompt, context.scope, context.nodeId);
    const extra = context.onDelta ? { onDelta: context.onDelta } : {};
    const result = await context.services.models.generate(generateRequest(call, messages, context, extra));
    return {
      output: { generatedResponse: result.text, _meta: usageMeta(result) },
      input: llmTrace(call, messages, result),
    };
  },
};
