/**
 * The opaque cursor of a runs page: the last run's (createdAt, requestId), base64url JSON. The next
 * page starts strictly after it in the newest-first order, so pages never repeat or skip a run, even
 * when runs are added meanwhile (new runs land before the first page, not between pages).
 */
import type { RunPosition } from '../../store/store.ts';

export function encodeCursor(position: RunPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.requestId])).toString('base64url');
}

/** The position, or undefined when the text is not a cursor this server made. */
export function decodeCursor(cursor: string): RunPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [createdAt, requestId] = parsed as unknown[];
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt)) return undefined;
  if (typeof requestId !== 'string' || requestId === '' || requestId.length > 200) return undefined;
  return { createdAt, requestId };
}
