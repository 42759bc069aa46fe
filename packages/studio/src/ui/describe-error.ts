import { StudioApiError } from '../api/client.ts';

/** The sentence to show a person for a failed call: the server's own sentence when there is one. */
export function describeError(cause: unknown): string {
  if (cause instanceof StudioApiError) return cause.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * The server's per-field problems (BAD_REQUEST `fields`), keyed by the field's path, so a form can show
 * each next to its input. Paths the form does not know are left for the form's general error.
 */
export function fieldErrorsOf(cause: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(cause instanceof StudioApiError)) return errors;
  for (const field of cause.body?.fields ?? []) {
    const key = field.path.replace(/^body\.?/, '').replace(/^\//, '');
    const sentence = asSentence(field.message);
    errors[key] = errors[key] ? `${errors[key]} ${sentence}` : sentence;
  }
  return errors;
}

/** "use at least 10 characters" → "Use at least 10 characters." */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
