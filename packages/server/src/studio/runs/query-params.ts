/**
 * Reading a query string field by field, collecting every mistake so the answer lists them all
 * (400 BAD_REQUEST with `fields`), each with what was expected.
 */
import { StudioError } from '../studio-error.ts';

export class QueryParams {
  readonly #query: Record<string, unknown>;
  readonly #problems: { path: string; message: string }[] = [];

  constructor(query: unknown) {
    this.#query = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  }

  /** The trimmed text, or undefined when absent or empty. */
  text(name: string, maxLength: number): string | undefined {
    const value = this.#single(name);
    if (value === undefined) return undefined;
    const text = value.trim();
    if (text === '') return undefined;
    if (text.length > maxLength) {
      this.problem(name, `must be at most ${maxLength} characters (got ${text.length})`);
      return undefined;
    }
    return text;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.text(name, 100);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
    return undefined;
  }

  /** An epoch-milliseconds time (a whole number, 0 or more). */
  time(name: string): number | undefined {
    return this.integer(name, 0, 8_640_000_000_000_000, 'a time in epoch milliseconds, e.g. 1735689600000');
  }

  integer(
    name: string,
    min: number,
    max: number,
    what = `a whole number from ${min} to ${max}`,
  ): number | undefined {
    const value = this.text(name, 30);
    if (value === undefined) return undefined;
    const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      this.problem(name, `must be ${what} (got "${value}")`);
      return undefined;
    }
    return number;
  }

  problem(path: string, message: string): void {
    this.#problems.push({ path, message });
  }

  /** Throws 400 BAD_REQUEST naming every wrong field, if any. */
  check(): void {
    if (this.#problems.length === 0) return;
    const list = this.#problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
    throw StudioError.badRequest(`The query string is not valid: ${list}.`, this.#problems);
  }

  #single(name: string): string | undefined {
    const value = this.#query[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    this.problem(name, 'must be given once');
    return undefined;
  }
}
