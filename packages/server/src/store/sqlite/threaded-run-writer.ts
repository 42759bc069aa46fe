import { Worker } from 'node:worker_threads';

/** A run row (its node trace a column of it), as positional values in the upsert's parameter order. */
export type RunRowValues = unknown[];

export interface RunWriterStatements {
  upsert: string;
}

/** A batch the writer thread refused, with what the driver said. */
export interface RunWriteFailure {
  message: string;
  code: string | undefined;
  /** Set when a requestId belongs to another project (the upsert changed nothing). */
  foreignRequestId: string | undefined;
}

interface Reply {
  id: number;
  error?: RunWriteFailure;
}

interface Pending {
  resolve: () => void;
  reject: (failure: RunWriteFailure) => void;
}

const WORKER_ENTRY = new URL('./run-writer-worker.js', import.meta.url);

/**
 * Writes run batches from a worker thread with its own connection to the database file. The request
 * thread only flattens rows and posts them; SQLite's work (and its lock waits) happen off it, on the
 * machine's other core. Batches are written in the order they are posted; `write` settles when its
 * batch is committed (or refused), so the recorder's guarantee — acknowledged means stored — holds.
 */
export class ThreadedRunWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | undefined;

  constructor(path: string, busyTimeoutMs: number, sql: RunWriterStatements) {
    this.#worker = new Worker(WORKER_ENTRY, { workerData: { path, busyTimeoutMs, sql } });
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) => this.#failAll(new Error(`the run writer thread exited with ${code}`)));
  }

  write(entries: RunRowValues[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    // Posted as arrays of primitives: measured cheaper for this thread than JSON.stringify and posting
    // the text.
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'write', id, entries });
    });
  }

  /** Waits for the batches in flight, then closes the thread's connection. */
  async close(): Promise<void> {
    if (this.#failure) return;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ type: 'close' });
    await exited;
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.error) pending.reject(reply.error);
    else pending.resolve();
  }

  #failAll(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) {
      pending.reject({ message: error.message, code: undefined, foreignRequestId: undefined });
    }
    this.#pending.clear();
  }
}
