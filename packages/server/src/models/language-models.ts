import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { JsonObject } from '@flowgate/engine';
import { jsonSchema, type LanguageModel, Output } from 'ai';
import type { ModelTarget } from './credential-resolver.ts';

/**
 * Every setting is passed explicitly: left out, the providers read OPENAI_API_KEY, OPENAI_BASE_URL,
 * ANTHROPIC_… from the server's environment, which would hand one project the operator's key.
 */
const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
} as const;

export interface PreparedModel {
  model: LanguageModel;
  /** Provider options for every call on this model. */
  providerOptions: Record<string, Record<string, string | number | boolean>>;
  /** The provider refuses a conversation without a user message (Anthropic, Google). */
  needsUserTurn: boolean;
  /** How to ask for JSON: with the schema where the provider enforces one, else plain JSON mode. */
  output(schema: JsonObject): ReturnType<typeof Output.object> | ReturnType<typeof Output.json>;
}

export function prepareModel(target: ModelTarget, fetch: typeof globalThis.fetch): PreparedModel {
  const { credential, modelName } = target;
  const apiKey = credential.readApiKey() ?? '';
  const withSchema = (schema: JsonObject) => Output.object({ schema: jsonSchema(schema), name: 'answer' });
  switch (credential.provider) {
    case 'openai': {
      const baseURL = credential.baseUrl ?? DEFAULT_BASE_URLS.openai;
      // Chat Completions: what every OpenAI-compatible proxy speaks. Lamatic schemas leave fields
      // optional, which OpenAI's strict mode refuses.
      return {
        model: createOpenAI({ apiKey, baseURL, fetch }).chat(modelName),
        providerOptions: { openai: { strictJsonSchema: false } },
        needsUserTurn: false,
        output: withSchema,
      };
    }
    case 'anthropic': {
      const baseURL = credential.baseUrl ?? DEFAULT_BASE_URLS.anthropic;
      return {
        model: createAnthropic({ apiKey, baseURL, fetch })(modelName),
        providerOptions: {},
        needsUserTurn: true,
        output: withSchema,
      };
    }
    case 'google': {
      const baseURL = credential.baseUrl ?? DEFAULT_BASE_URLS.google;
      const model = createGoogleGenerativeAI({ apiKey, baseURL, fetch })(modelName);
      return { model, providerOptions: {}, needsUserTurn: true, output: withSchema };
    }
    default: {
      const provider = createOpenAICompatible({
        name: 'compatible',
        baseURL: credential.baseUrl ?? '',
        ...(apiKey ? { apiKey } : {}),
        fetch,
        includeUsage: true,
      });
      // JSON mode without a schema: endpoints differ on json_schema; the schema is in the prompt.
      return {
        model: provider.chatModel(modelName),
        providerOptions: {},
        needsUserTurn: false,
        output: () => Output.json(),
      };
    }
  }
}
