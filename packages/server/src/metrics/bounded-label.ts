/**
 * Keeps a label's cardinality bounded: the first `limit` distinct values pass, later new values are
 * reported as `other`. For values that are bounded per deployment but not by the code (flow ids):
 * Prometheus keeps one series per value, and a flood of ids must not exhaust it.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly overflow = 'other',
  ) {}

  value(raw: string): string {
    if (this.#seen.has(raw)) return raw;
    if (this.#seen.size >= this.limit) return this.overflow;
    this.#seen.add(raw);
    return raw;
  }
}
