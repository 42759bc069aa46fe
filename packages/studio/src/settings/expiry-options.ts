/** The expiry choices of a new API key; `custom` takes a typed duration. */
export const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: '1h', label: 'In 1 hour' },
  { value: '1d', label: 'In 1 day' },
  { value: '30d', label: 'In 30 days' },
  { value: '90d', label: 'In 90 days' },
  { value: 'custom', label: 'Custom…' },
] as const;

export type ExpiryChoice = (typeof EXPIRY_OPTIONS)[number]['value'];

const DURATION = /^([1-9]\d*)([smhd])$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_DAYS = 3650;

/**
 * The `expiresIn` to send for a choice (undefined = never expires), or the sentence that says what is
 * wrong with a custom duration.
 */
export function expiresInFor(choice: ExpiryChoice, custom: string): { expiresIn?: string; error?: string } {
  if (choice === 'never') return {};
  if (choice !== 'custom') return { expiresIn: choice };
  const text = custom.trim().toLowerCase();
  if (text === '') return { error: 'Type a duration such as 90s, 15m, 12h or 30d, or pick another expiry.' };
  const match = DURATION.exec(text);
  if (!match) {
    return {
      error: `"${custom.trim()}" is not a duration: write a whole number and a unit, s, m, h or d (e.g. 12h).`,
    };
  }
  const unit = match[2] as keyof typeof UNIT_MS;
  if (Number(match[1]) * UNIT_MS[unit] > MAX_DAYS * UNIT_MS.d) {
    return { error: `Keep it to ${MAX_DAYS} days at most, or pick "Never".` };
  }
  return { expiresIn: text };
}
