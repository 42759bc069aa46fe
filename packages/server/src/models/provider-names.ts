import type { CredentialProvider } from '../credentials/credential-service.ts';

/**
 * How Lamatic's `provider_name` values map onto the four kinds of credential, and the public
 * OpenAI-compatible endpoints we recognise (for labels, prices and the "configure it" hint).
 */
const KIND_BY_NAME: Readonly<Record<string, CredentialProvider>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  claude: 'anthropic',
  google: 'google',
  gemini: 'google',
  googlegenai: 'google',
  googleai: 'google',
};

/** Vendor → its OpenAI-compatible base URL. */
export const COMPATIBLE_ENDPOINTS: Readonly<Record<string, string>> = {
  groq: 'https://api.groq.com/openai/v1',
  together: 'https://api.together.xyz/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  mistral: 'https://api.mistral.ai/v1',
  deepseek: 'https://api.deepseek.com/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  xai: 'https://api.x.ai/v1',
  perplexity: 'https://api.perplexity.ai',
  cerebras: 'https://api.cerebras.ai/v1',
  deepinfra: 'https://api.deepinfra.com/v1/openai',
  ollama: 'http://127.0.0.1:11434/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
};

const ALIASES: Readonly<Record<string, string>> = {
  togetherai: 'together',
  fireworksai: 'fireworks',
  grok: 'xai',
};

/** `Together-AI` → `together`: lower case, letters and digits only, known aliases folded. */
export function normaliseProviderName(name: string): string {
  const plain = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return Object.hasOwn(ALIASES, plain) ? (ALIASES[plain] as string) : plain;
}

/** The kind of credential a provider name needs; unknown vendors are OpenAI-compatible. */
export function credentialKindOf(providerName: string): CredentialProvider {
  const name = normaliseProviderName(providerName);
  if (name === 'openaicompatible') return 'openai-compatible';
  return Object.hasOwn(KIND_BY_NAME, name) ? (KIND_BY_NAME[name] as CredentialProvider) : 'openai-compatible';
}

/** The vendor a base URL belongs to (`https://api.groq.com/openai/v1` → `groq`), when recognised. */
export function vendorOfBaseUrl(baseUrl: string | null): string | undefined {
  if (baseUrl === null) return undefined;
  let host: string;
  try {
    host = new URL(baseUrl).host;
  } catch {
    return undefined;
  }
  for (const [vendor, endpoint] of Object.entries(COMPATIBLE_ENDPOINTS)) {
    if (new URL(endpoint).host === host) return vendor;
  }
  return undefined;
}

/**
 * `groq/llama-3.3-70b-versatile` → `llama-3.3-70b-versatile` when the first segment names the
 * provider; `openai/gpt-4o-mini` on OpenRouter keeps its prefix (that is the model's name there).
 */
export function stripProviderPrefix(modelName: string, providerNames: readonly string[]): string {
  const slash = modelName.indexOf('/');
  if (slash <= 0) return modelName;
  const prefix = normaliseProviderName(modelName.slice(0, slash));
  const names = new Set(providerNames.map(normaliseProviderName));
  const kinds = new Set(providerNames.map(credentialKindOf));
  const named =
    names.has(prefix) ||
    (credentialKindOf(prefix) !== 'openai-compatible' && kinds.has(credentialKindOf(prefix)));
  return named ? modelName.slice(slash + 1) : modelName;
}
