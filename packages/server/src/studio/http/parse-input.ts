import type { z } from 'zod';
import { StudioError } from '../studio-error.ts';

/**
 * Checks a request body, query or params against its schema. A mismatch is a 400 BAD_REQUEST naming
 * every wrong field, with `what` (e.g. "The project") in the sentence so the reader knows where to look.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = fields[0];
  const summary = first ? `${first.path}: ${first.message}` : 'it does not have the expected shape';
  throw StudioError.badRequest(
    `${what} is not valid (${summary}${fields.length > 1 ? `, and ${fields.length - 1} more` : ''}); fix the fields listed and send it again.`,
    fields,
  );
}
