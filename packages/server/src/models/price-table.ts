import type { TokenUsage } from '@flowgate/engine';

/** USD per million tokens, as the vendors publish them (checked 2025; update here). */
interface Price {
  /** Vendors (`_meta.model_provider`) that charge this; a model name alone is not enough (Groq ≠ Together). */
  vendors: readonly string[];
  /** Matches the model name and its dated or suffixed variants (`gpt-4o-2024-08-06`). */
  model: string;
  input: number;
  output: number;
}

const OPENAI = ['openai'];
const ANTHROPIC = ['anthropic'];
const GOOGLE = ['google', 'gemini'];

const PRICES: readonly Price[] = [
  { vendors: OPENAI, model: 'gpt-4o', input: 2.5, output: 10 },
  { vendors: OPENAI, model: 'gpt-4o-mini', input: 0.15, output: 0.6 },
  { vendors: OPENAI, model: 'gpt-4.1', input: 2, output: 8 },
  { vendors: OPENAI, model: 'gpt-4.1-mini', input: 0.4, output: 1.6 },
  { vendors: OPENAI, model: 'gpt-4.1-nano', input: 0.1, output: 0.4 },
  { vendors: OPENAI, model: 'gpt-5', input: 1.25, output: 10 },
  { vendors: OPENAI, model: 'gpt-5-mini', input: 0.25, output: 2 },
  { vendors: OPENAI, model: 'gpt-5-nano', input: 0.05, output: 0.4 },
  { vendors: OPENAI, model: 'o3', input: 2, output: 8 },
  { vendors: OPENAI, model: 'o3-mini', input: 1.1, output: 4.4 },
  { vendors: OPENAI, model: 'o4-mini', input: 1.1, output: 4.4 },
  { vendors: ANTHROPIC, model: 'claude-3-5-sonnet', input: 3, output: 15 },
  { vendors: ANTHROPIC, model: 'claude-3-7-sonnet', input: 3, output: 15 },
  { vendors: ANTHROPIC, model: 'claude-sonnet-4', input: 3, output: 15 },
  { vendors: ANTHROPIC, model: 'claude-3-haiku', input: 0.25, output: 1.25 },
  { vendors: ANTHROPIC, model: 'claude-3-5-haiku', input: 0.8, output: 4 },
  { vendors: ANTHROPIC, model: 'claude-haiku-4-5', input: 1, output: 5 },
  { vendors: ANTHROPIC, model: 'claude-opus-4', input: 15, output: 75 },
  { vendors: ANTHROPIC, model: 'claude-opus-4-5', input: 5, output: 25 },
  { vendors: GOOGLE, model: 'gemini-2.0-flash', input: 0.1, output: 0.4 },
  { vendors: GOOGLE, model: 'gemini-2.0-flash-lite', input: 0.075, output: 0.3 },
  { vendors: GOOGLE, model: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
  { vendors: GOOGLE, model: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4 },
  { vendors: GOOGLE, model: 'gemini-2.5-pro', input: 1.25, output: 10 },
  { vendors: ['groq'], model: 'llama-3.3-70b-versatile', input: 0.59, output: 0.79 },
  { vendors: ['groq'], model: 'llama-3.1-8b-instant', input: 0.05, output: 0.08 },
];

/**
 * The call's cost in USD, or undefined when the price is unknown. The longest matching model name
 * wins (`gpt-4o-mini` over `gpt-4o`); a match must end at the name's end or at `-` (a date, `latest`).
 */
export function costOf(vendor: string, modelName: string, usage: TokenUsage): number | undefined {
  const model = modelName.toLowerCase();
  let best: Price | undefined;
  for (const price of PRICES) {
    if (!price.vendors.includes(vendor)) continue;
    const fits = model === price.model || model.startsWith(`${price.model}-`);
    if (fits && (!best || price.model.length > best.model.length)) best = price;
  }
  if (!best) return undefined;
  const cost = (usage.prompt_tokens * best.input + usage.completion_tokens * best.output) / 1_000_000;
  // Sub-nano-dollar digits are float noise, not money.
  return Math.round(cost * 1e12) / 1e12;
}
