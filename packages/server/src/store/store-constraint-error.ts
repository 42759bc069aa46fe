/**
 * A write the database refused because of a constraint: a duplicate (`unique`: an API key hash, a
 * project id, an idempotency key…) or a reference to a missing row (`foreign-key`: e.g. a key for a
 * project that does not exist). Retrying the same write cannot succeed.
 */
export class StoreConstraintError extends Error {
  readonly code = 'STORE_CONSTRAINT';
  readonly constraint: 'unique' | 'foreign-key';

  constructor(constraint: 'unique' | 'foreign-key', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreConstraintError';
    this.constraint = constraint;
  }
}

/** better-sqlite3's `SqliteError.code` and PostgreSQL's SQLSTATE (`pg`'s `DatabaseError.code`). */
const constraintByCode: ReadonlyMap<string, 'unique' | 'foreign-key'> = new Map([
  ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
  ['SQLITE_CONSTRAINT_PRIMARYKEY', 'unique'],
  ['SQLITE_CONSTRAINT_FOREIGNKEY', 'foreign-key'],
  ['23505', 'unique'],
  ['23503', 'foreign-key'],
]);

/**
 * Runs a write and turns a constraint violation into a StoreConstraintError that names what was being
 * written; other errors pass through unchanged. Driver messages name the constraint, never the values.
 */
export async function withConstraintErrors<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw toConstraintError(what, error) ?? error;
  }
}

export function toConstraintError(what: string, error: unknown): StoreConstraintError | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const constraint = typeof error.code === 'string' ? constraintByCode.get(error.code) : undefined;
  if (constraint === undefined) return undefined;
  const reason = error instanceof Error ? error.message : String(error.code);
  const summary = constraint === 'unique' ? 'already exists' : 'refers to a row that does not exist';
  return new StoreConstraintError(constraint, `${what} ${summary} (${reason})`, { cause: error });
}
