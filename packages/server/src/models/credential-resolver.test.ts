import { type GenerateRequest, NodeFailure } from '@flowgate/engine';
import { describe, expect, it } from 'vitest';
import type { UsableCredential } from '../credentials/credential-service.ts';
import { resolveModelTarget } from './credential-resolver.ts';
import { costOf } from './price-table.ts';
import { stripProviderPrefix } from './provider-names.ts';

function credential(
  name: string,
  provider: UsableCredential['provider'],
  extra: Partial<UsableCredential> = {},
) {
  return {
    name,
    provider,
    baseUrl: null,
    hasApiKey: true,
    defaultModel: null,
    createdAt: 1,
    updatedAt: 1,
    readApiKey: () => 'key',
    ...extra,
  } satisfies UsableCredential;
}

function request(model: GenerateRequest['model'], placeholder?: string): GenerateRequest {
  return {
    projectId: 'P',
    nodeId: 'LLMNode_1',
    model,
    ...(placeholder ? { placeholder } : {}),
    messages: [],
    params: {},
    signal: new AbortController().signal,
  };
}

const groqConfig = {
  provider_name: 'groq',
  model_name: 'groq/llama-3.3-70b-versatile',
  credential_name: 'Error-Groq',
};

describe('resolveModelTarget', () => {
  it('takes the credential named by the config first', () => {
    const named = credential('Error-Groq', 'openai-compatible', { baseUrl: 'http://127.0.0.1:1/v1' });
    const target = resolveModelTarget(request(groqConfig), [credential('groq', 'openai-compatible'), named]);
    expect(target).toMatchObject({
      resolvedBy: 'credential_name',
      modelName: 'llama-3.3-70b-versatile',
      provider: 'groq',
    });
    expect(target.credential).toBe(named);
  });

  it('falls back to a credential for the provider: by kind, or by an OpenAI-compatible vendor’s name or URL', () => {
    const openai = credential('Team Key', 'openai');
    const byKind = resolveModelTarget(
      request({ provider_name: 'openai', credential_name: 'OpenAI', model_name: 'openai/gpt-4o-mini' }),
      [openai],
    );
    expect(byKind).toMatchObject({ resolvedBy: 'provider', modelName: 'gpt-4o-mini', provider: 'openai' });
    const byUrl = credential('fast', 'openai-compatible', { baseUrl: 'https://api.groq.com/openai/v1' });
    expect(resolveModelTarget(request(groqConfig), [openai, byUrl]).credential).toBe(byUrl);
    const byName = credential('My Groq', 'openai-compatible', { baseUrl: 'http://127.0.0.1:1/v1' });
    expect(resolveModelTarget(request(groqConfig), [byName]).credential).toBe(byName);
    const gemini = credential('G', 'google');
    const sentinel = {
      provider_name: 'gemini',
      model_name: 'gemini/gemini-3.1-flash-lite',
      credential_name: 'Gemini',
    };
    expect(resolveModelTarget(request(sentinel), [gemini])).toMatchObject({
      modelName: 'gemini-3.1-flash-lite',
      provider: 'gemini',
    });
  });

  it('uses the project default model for placeholders and unmatched configs', () => {
    const fallback = credential('Local', 'openai-compatible', {
      baseUrl: 'http://127.0.0.1:11434/v1',
      defaultModel: 'llama3.2',
    });
    const placeholder = request(undefined, '@model-configs/x.ts');
    expect(resolveModelTarget(placeholder, [credential('A', 'anthropic'), fallback])).toMatchObject({
      resolvedBy: 'default_model',
      modelName: 'llama3.2',
      provider: 'ollama',
    });
    expect(resolveModelTarget(request(groqConfig), [fallback]).resolvedBy).toBe('default_model');
  });

  it('fails naming what to configure', () => {
    const failure = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as NodeFailure;
      }
      throw new Error('expected a failure');
    };
    const named = failure(() => resolveModelTarget(request(groqConfig), [credential('OpenAI', 'openai')]));
    expect(named).toBeInstanceOf(NodeFailure);
    expect(named.code).toBe('MODEL_NOT_CONFIGURED');
    expect(named.message).toContain(
      'model credential "Error-Groq" (provider groq, model groq/llama-3.3-70b-versatile)',
    );
    expect(named.message).toContain(
      'flowgate credentials set --project P --name "Error-Groq" --provider openai-compatible --base-url https://api.groq.com/openai/v1 --api-key …',
    );
    const placeholder = failure(() => resolveModelTarget(request(undefined, '@model-configs/x.ts'), []));
    expect(placeholder.message).toContain(
      'placeholder (@model-configs/x.ts) and project P has no default model',
    );
    expect(placeholder.message).toContain('--default-model gpt-4o-mini');
  });
});

describe('model names and prices', () => {
  it('strips a provider segment only when it names the provider', () => {
    expect(stripProviderPrefix('groq/llama-3.3-70b-versatile', ['groq'])).toBe('llama-3.3-70b-versatile');
    expect(stripProviderPrefix('openai/gpt-4o-mini', ['openai'])).toBe('gpt-4o-mini');
    expect(stripProviderPrefix('openai/gpt-4o-mini', ['openrouter', 'openai-compatible'])).toBe(
      'openai/gpt-4o-mini',
    );
    expect(stripProviderPrefix('meta-llama/Llama-3-8b', ['together'])).toBe('meta-llama/Llama-3-8b');
  });

  it('prices known models per vendor, longest name first', () => {
    const usage = { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 };
    expect(costOf('openai', 'gpt-4o-mini', usage)).toBeCloseTo(0.75);
    expect(costOf('openai', 'gpt-4o-2024-08-06', usage)).toBeCloseTo(12.5);
    expect(costOf('anthropic', 'claude-sonnet-4-5-20250929', usage)).toBeCloseTo(18);
    expect(costOf('groq', 'llama-3.3-70b-versatile', usage)).toBeCloseTo(1.38);
    expect(costOf('together', 'llama-3.3-70b-versatile', usage)).toBeUndefined();
    expect(costOf('openai', 'gpt-4omni', usage)).toBeUndefined();
  });
});
