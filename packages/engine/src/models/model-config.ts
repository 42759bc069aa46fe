import { isJsonObject, type JsonObject, type JsonValue, parseJsonSafely } from '../json.ts';
import type { GenerationParams, ModelConfig } from './model-gateway.ts';

/** A node's model as compiled: the config, or what stood in its place (the gateway falls back). */
export interface NodeModel {
  config: ModelConfig | undefined;
  placeholder?: string;
}

/**
 * Reads `generativeModelName` in every shape exports carry: a config object, a list of them (the first,
 * Lamatic's `configA`, is used), a whole model-config module (`{generativeModelName: [...]}`), that as
 * JSON text, or a placeholder (`"@model-configs/x.ts"`, empty). Placeholders are not deploy problems:
 * kits ship them, and the project's default model stands in at run time.
 */
export function readModelConfig(raw: unknown, problem: (message: string) => void): NodeModel {
  if (raw === undefined || raw === null || raw === '') return { config: undefined, placeholder: '(none)' };
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (!text.startsWith('{') && !text.startsWith('[')) return { config: undefined, placeholder: text };
    try {
      return readModelConfig(parseJsonSafely(text), problem);
    } catch (error) {
      problem(`generativeModelName is not valid JSON (${(error as Error).message})`);
      return { config: undefined, placeholder: text.slice(0, 80) };
    }
  }
  if (Array.isArray(raw)) {
    if (raw.length === 0) return { config: undefined, placeholder: '[]' };
    return readModelConfig(raw[0], problem);
  }
  if (!isJsonObject(raw)) {
    problem(
      'generativeModelName must be a model config {provider_name, model_name, credential_name, params}',
    );
    return { config: undefined, placeholder: String(raw) };
  }
  if ('generativeModelName' in raw) return readModelConfig(raw.generativeModelName, problem);
  return { config: toModelConfig(raw, problem) };
}

function toModelConfig(raw: JsonObject, problem: (message: string) => void): ModelConfig {
  const config: ModelConfig = {};
  for (const key of ['provider_name', 'model_name', 'credential_name'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') config[key] = value.trim();
    else if (value !== undefined && value !== null && value !== '')
      problem(`generativeModelName.${key} must be text`);
  }
  if (isJsonObject(raw.params)) config.params = raw.params;
  return config;
}

const PARAM_NAMES: Record<string, Exclude<keyof GenerationParams, 'stopSequences'>> = {
  temperature: 'temperature',
  max_tokens: 'maxTokens',
  maxTokens: 'maxTokens',
  max_completion_tokens: 'maxTokens',
  top_p: 'topP',
  topP: 'topP',
  top_k: 'topK',
  topK: 'topK',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  seed: 'seed',
};

/**
 * Sampling settings: the model config's `params`, then the node's own values (which win). Numbers
 * written as text ("0.7") are accepted; anything else numeric-looking that is not a number is a deploy
 * problem. Empty values mean "provider default".
 */
export function readGenerationParams(
  sources: readonly (Readonly<Record<string, unknown>> | undefined)[],
  problem: (message: string) => void,
): GenerationParams {
  const params: GenerationParams = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || value === null || value === '') continue;
      if (key === 'stop' || key === 'stop_sequences') {
        const stop = readStop(value as JsonValue);
        if (stop) params.stopSequences = stop;
        else problem(`${key} must be text or a list of texts`);
        continue;
      }
      const name = PARAM_NAMES[key];
      if (!name) continue;
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      if (Number.isFinite(number)) params[name] = number;
      else problem(`${key} must be a number, got ${JSON.stringify(value)}`);
    }
  }
  return params;
}

function readStop(value: JsonValue): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}
