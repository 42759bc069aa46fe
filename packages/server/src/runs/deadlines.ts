interface Entry {
  readonly at: number;
  readonly expire: (value: undefined) => void;
  previous: Entry | undefined;
  next: Entry | undefined;
}

/**
 * Waits that all last the same time (a sync run's wait for its outcome), watched by one timer. Since
 * every wait has the same length, they end in the order they began: a linked list in start order,
 * with the timer set for its head. Starting and ending a wait costs a list link, not a Node timer per
 * run (a Timeout allocated, enrolled, and removed again on every sync request).
 */
export class Deadlines {
  #head: Entry | undefined;
  #tail: Entry | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Resolves with the promise's value, or undefined once the deadline passes first (a rejection that
   * comes later is left to whoever else holds the promise).
   */
  race<T>(promise: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const entry = this.#add(resolve);
      promise.then(
        (value) => {
          this.#remove(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#remove(entry);
          reject(error);
        },
      );
    });
  }

  /** Waits not yet ended (tests). */
  get size(): number {
    let count = 0;
    for (let entry = this.#head; entry !== undefined; entry = entry.next) count++;
    return count;
  }

  #add(expire: (value: undefined) => void): Entry {
    const entry: Entry = { at: this.now() + this.ms, expire, previous: this.#tail, next: undefined };
    if (this.#tail === undefined) this.#head = entry;
    else this.#tail.next = entry;
    this.#tail = entry;
    if (this.#timer === undefined) this.#arm(this.ms);
    return entry;
  }

  #remove(entry: Entry): void {
    if (entry.previous === undefined) {
      if (this.#head !== entry) return;
      this.#head = entry.next;
    } else entry.previous.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.previous;
    else entry.next.previous = entry.previous;
    entry.previous = undefined;
    entry.next = undefined;
  }

  /** The timer may fire for a wait that ended since: it then looks at the new head. */
  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, delayMs));
    this.#timer.unref();
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.now();
    while (this.#head !== undefined && this.#head.at <= now) {
      const entry = this.#head;
      this.#remove(entry);
      entry.expire(undefined);
    }
    if (this.#head !== undefined) this.#arm(this.#head.at - now);
  }
}
