import type { CredentialProvider } from '@flowgate/server/studio-contract';

export const CREDENTIAL_PROVIDERS: readonly {
  value: CredentialProvider;
  label: string;
  modelHint: string;
}[] = [
  { value: 'openai', label: 'OpenAI', modelHint: 'gpt-4o-mini' },
  { value: 'anthropic', label: 'Anthropic', modelHint: 'claude-3-5-haiku-latest' },
  { value: 'google', label: 'Google (Gemini)', modelHint: 'gemini-1.5-flash' },
  {
    value: 'openai-compatible',
    label: 'OpenAI-compatible (Ollama, vLLM, Groq, Together, OpenRouter, LM Studio…)',
    modelHint: 'llama3.1',
  },
];

export function providerLabel(provider: CredentialProvider): string {
  return (
    CREDENTIAL_PROVIDERS.find((item) => item.value === provider)?.label.replace(/ \(.*$/, '') ?? provider
  );
}

/** What is wrong with a base URL for an OpenAI-compatible provider, or null. */
export function checkBaseUrl(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '')
    return 'An OpenAI-compatible provider needs its base URL, e.g. http://127.0.0.1:11434/v1.';
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `The URL starts with ${url.protocol}; use http:// or https://.`;
    return null;
  } catch {
    return `"${trimmed}" is not a URL: write it whole, e.g. https://api.groq.com/openai/v1.`;
  }
}
