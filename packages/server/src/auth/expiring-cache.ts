interface Entry<V> {
  value: V;
  expiresAt: number;
  version: number;
}

/**
 * A bounded least-recently-used map whose entries also lapse: after `ttlMs`, and as soon as the
 * store's external change version differs from the one read before the value was loaded (another
 * process changed keys). Callers pass the time and version in, so a hit costs one `Map` lookup and
 * no clock or store call of its own.
 *
 * `load` shares one lookup among concurrent misses of a key, and drops a result whose load began
 * before a `delete`/`deleteWhere`/`clear`: an invalidation is never undone by a slow read.
 */
export class ExpiringCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #pending = new Map<K, Promise<V | undefined>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  #generation = 0;

  constructor(options: { maxEntries: number; ttlMs: number }) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K, now: number, version: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= now || entry.version !== version) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** `now` and `version` must be read before the value was fetched. */
  set(key: K, value: V, now: number, version: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.#ttlMs, version });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Runs `loader` for a missing key (once for all concurrent callers) and caches a defined result. */
  load(key: K, now: number, version: number, loader: () => Promise<V>): Promise<V>;
  load(key: K, now: number, version: number, loader: () => Promise<V | undefined>): Promise<V | undefined>;
  load(key: K, now: number, version: number, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const generation = this.#generation;
    const promise = loader().then((value) => {
      if (value !== undefined && generation === this.#generation) this.set(key, value, now, version);
      return value;
    });
    this.#pending.set(key, promise);
    const settle = (): void => {
      if (this.#pending.get(key) === promise) this.#pending.delete(key);
    };
    promise.then(settle, settle);
    return promise;
  }

  delete(key: K): void {
    this.#invalidate();
    this.#entries.delete(key);
  }

  deleteWhere(predicate: (value: V) => boolean): void {
    this.#invalidate();
    for (const [key, entry] of this.#entries) {
      if (predicate(entry.value)) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#invalidate();
    this.#entries.clear();
  }

  #invalidate(): void {
    this.#generation += 1;
    this.#pending.clear();
  }
}
