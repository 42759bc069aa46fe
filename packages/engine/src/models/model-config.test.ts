import { describe, expect, it } from 'vitest';
import { readGenerationParams, readModelConfig } from './model-config.ts';

describe('readModelConfig', () => {
  const config = {
    provider_name: 'openai',
    model_name: 'gpt-4o-mini',
    credential_name: 'OpenAI',
    params: {},
  };
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);

  it('reads every shape exports carry', () => {
    expect(readModelConfig(config, problem)).toEqual({ config });
    expect(readModelConfig([{ configName: 'configA', ...config }, { model_name: 'other' }], problem)).toEqual(
      { config },
    );
    expect(readModelConfig({ generativeModelName: [config] }, problem)).toEqual({ config });
    expect(readModelConfig(JSON.stringify([config]), problem)).toEqual({ config });
    expect(problems).toEqual([]);
  });

  it('treats placeholders as "use the default model", never as deploy problems', () => {
    expect(readModelConfig('@model-configs/get-started_generate-text.ts', problem)).toEqual({
      config: undefined,
      placeholder: '@model-configs/get-started_generate-text.ts',
    });
    expect(readModelConfig({ generativeModelName: '@model-configs/x.ts' }, problem).placeholder).toBe(
      '@model-configs/x.ts',
    );
    expect(readModelConfig(undefined, problem).config).toBeUndefined();
    expect(readModelConfig([], problem).config).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

describe('readGenerationParams', () => {
  it('merges the config’s params with the node’s, accepting numbers written as text', () => {
    const problems: string[] = [];
    const params = readGenerationParams(
      [
        { temperature: 0.2, max_tokens: '512', top_p: '', stop: ['END'], unknown: 1 },
        { temperature: '0.9', seed: 7 },
      ],
      (message) => problems.push(message),
    );
    expect(params).toEqual({ temperature: 0.9, maxTokens: 512, stopSequences: ['END'], seed: 7 });
    readGenerationParams([{ max_tokens: 'lots', stop: 3 }], (message) => problems.push(message));
    expect(problems).toEqual([
      'max_tokens must be a number, got "lots"',
      'stop must be text or a list of texts',
    ]);
  });
});
