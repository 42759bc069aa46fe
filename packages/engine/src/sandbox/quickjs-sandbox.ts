import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { EngineError } from '../errors/engine-error.ts';
import type { CodeRunRequest, CodeRunResult, CodeSandbox } from './code-sandbox.ts';
import type { RunOutcome } from './guest-call.js';
import type { QuickJsEngineOptions } from './quickjs-engine.js';
import { checkRunRequest, settleOutcome } from './quickjs-runner.ts';
import { SandboxWorker, type SandboxWorkerOptions } from './sandbox-worker.ts';

export { QuickJsRunner } from './quickjs-runner.ts';

export interface WorkerPoolOptions {
  /** Worker threads, each with its own QuickJS module. Default: min(2, cores). */
  workers?: number;
  /** Calls that may wait for a free worker; past that, `run` fails at once (SANDBOX_BUSY, retryable). Default 100. */
  maxQueued?: number;
  /** How late past its deadline a worker may answer before it is terminated and replaced. Default 1,000 ms. */
  watchdogMarginMs?: number;
  /** V8 limits of each worker thread; the guest's own memory is limited inside QuickJS. */
  resourceLimits?: ResourceLimits;
  engine?: QuickJsEngineOptions;
}

/**
 * QuickJS's own stack limit is 1 MiB, but its frames cost far more of the thread's native stack:
 * probes (deep recursion, nested JSON, deeply nested source) needed 32 MB to hit QuickJS's limit first.
 */
const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 64,
};

interface QueuedCall {
  readonly request: CodeRunRequest;
  readonly start: (worker: SandboxWorker) => void;
  readonly fail: (error: Error) => void;
  readonly expiry: NodeJS.Timeout;
}

/**
 * The code sandbox for servers: QuickJS in a pool of worker threads, so that code never holds the
 * API's event loop. A call goes to an idle worker, or waits in a bounded queue for one; a queued call
 * that has not started within its own time budget fails as busy (retryable), so the wait is bounded too.
 */
export class WorkerPoolSandbox implements CodeSandbox {
  readonly #size: number;
  readonly #maxQueued: number;
  readonly #workerOptions: SandboxWorkerOptions;
  readonly #workers = new Set<SandboxWorker>();
  readonly #queue: QueuedCall[] = [];
  #closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.#size = Math.max(1, Math.floor(options.workers ?? Math.min(2, availableParallelism())));
    this.#maxQueued = Math.max(0, options.maxQueued ?? 100);
    this.#workerOptions = {
      engine: options.engine ?? {},
      resourceLimits: { ...DEFAULT_RESOURCE_LIMITS, ...options.resourceLimits },
      watchdogMarginMs: options.watchdogMarginMs ?? 1000,
    };
  }

  /** Worker threads alive now (they start on demand, and a terminated one is replaced on demand). */
  get workerCount(): number {
    return this.#workers.size;
  }

  async run(request: CodeRunRequest): Promise<CodeRunResult> {
    checkRunRequest(request);
    if (this.#closed) throw closedError();
    // Waiting calls go first: a new call takes an idle worker only when nobody is queued.
    const worker = this.#queue.length === 0 ? this.#idleWorker() : undefined;
    const outcome = worker ? await this.#runOn(worker, request) : await this.#enqueue(request);
    return settleOutcome(outcome);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const call of this.#queue.splice(0)) {
      clearTimeout(call.expiry);
      call.fail(closedError());
    }
    await Promise.all([...this.#workers].map((worker) => worker.close()));
    this.#workers.clear();
  }

  #idleWorker(): SandboxWorker | undefined {
    for (const worker of this.#workers) if (worker.idle) return worker;
    if (this.#workers.size >= this.#size) return undefined;
    const worker = new SandboxWorker(this.#workerOptions, (gone) => this.#forget(gone));
    this.#workers.add(worker);
    return worker;
  }

  #runOn(worker: SandboxWorker, request: CodeRunRequest): Promise<RunOutcome> {
    const { code, timeoutMs, memoryLimitBytes } = request;
    // Whatever happened, the worker is idle or gone now: hand it the next waiting call.
    return worker.run({ code, timeoutMs, memoryLimitBytes }).finally(() => this.#startQueued());
  }

  #enqueue(request: CodeRunRequest): Promise<RunOutcome> {
    if (this.#queue.length >= this.#maxQueued) {
      const message = `the code sandbox is busy (${this.#size} workers running, ${this.#queue.length} calls waiting); try again shortly`;
      return Promise.reject(new EngineError('SANDBOX_BUSY', message, { retryable: true }));
    }
    return new Promise((resolve, reject) => {
      const call: QueuedCall = {
        request,
        start: (worker) => void this.#runOn(worker, request).then(resolve, reject),
        fail: reject,
        expiry: setTimeout(() => this.#expireQueued(call), request.timeoutMs),
      };
      this.#queue.push(call);
    });
  }

  #startQueued(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const worker = this.#idleWorker();
      if (!worker) return;
      const call = this.#queue.shift() as QueuedCall;
      clearTimeout(call.expiry);
      call.start(worker);
    }
  }

  #expireQueued(call: QueuedCall): void {
    const index = this.#queue.indexOf(call);
    if (index < 0) return;
    this.#queue.splice(index, 1);
    const message = `the code sandbox is busy: the code waited ${call.request.timeoutMs} ms for a worker; try again shortly`;
    call.fail(new EngineError('SANDBOX_BUSY', message, { retryable: true }));
  }

  #forget(worker: SandboxWorker): void {
    this.#workers.delete(worker);
    // A replacement starts only when a waiting call needs it.
    queueMicrotask(() => this.#startQueued());
  }
}

function closedError(): EngineError {
  return new EngineError('SANDBOX_CLOSED', 'the code sandbox is closed');
}
