import { type ResourceLimits, Worker } from 'node:worker_threads';
import { EngineError } from '../errors/engine-error.ts';
import type { GuestRequest, RunOutcome } from './guest-call.js';
import type { QuickJsEngineOptions } from './quickjs-engine.js';
import type { WorkerReply, WorkerSetup, WorkerTask } from './quickjs-worker.js';

const WORKER_ENTRY = new URL('./quickjs-worker.js', import.meta.url);

export interface SandboxWorkerOptions {
  readonly engine: QuickJsEngineOptions;
  readonly resourceLimits: ResourceLimits;
  /** How long past the call's own deadline the worker may take before it is terminated. */
  readonly watchdogMarginMs: number;
}

interface PendingCall {
  readonly id: number;
  readonly timeoutMs: number;
  readonly resolve: (outcome: RunOutcome) => void;
  readonly reject: (error: Error) => void;
  readonly watchdog: NodeJS.Timeout;
}

/**
 * One worker thread that owns one QuickJS engine and runs one call at a time. The engine enforces
 * the call's deadline itself; the watchdog races it and terminates the thread if the engine misses
 * the deadline by more than the margin (a hung host call, a runaway native loop). A terminated or
 * crashed worker is done for: `onGone` tells the pool to drop it.
 */
export class SandboxWorker {
  readonly #worker: Worker;
  readonly #options: SandboxWorkerOptions;
  readonly #onGone: (worker: SandboxWorker) => void;
  #pending: PendingCall | undefined;
  #nextId = 0;
  #gone = false;

  constructor(options: SandboxWorkerOptions, onGone: (worker: SandboxWorker) => void) {
    this.#options = options;
    this.#onGone = onGone;
    const workerData: WorkerSetup = { engine: options.engine };
    // `execArgv: []`: the entry is plain JavaScript and needs none of the host's loaders or flags.
    this.#worker = new Worker(WORKER_ENTRY, {
      workerData,
      resourceLimits: options.resourceLimits,
      execArgv: [],
    });
    // An idle pool must not keep the process alive; a call in flight does, through its watchdog timer.
    this.#worker.unref();
    this.#worker.on('message', (reply: WorkerReply) => this.#answer(reply));
    this.#worker.on('error', (error) => this.#stopped(lostOutcome(error)));
    this.#worker.on('exit', (exitCode) =>
      this.#stopped(lostOutcome(new Error(`it exited with code ${exitCode}`))),
    );
  }

  get idle(): boolean {
    return !this.#gone && this.#pending === undefined;
  }

  run(request: GuestRequest): Promise<RunOutcome> {
    if (!this.idle) return Promise.reject(new Error('a sandbox worker runs one call at a time'));
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      const watchdog = setTimeout(() => this.#expire(), request.timeoutMs + this.#options.watchdogMarginMs);
      this.#pending = { id, timeoutMs: request.timeoutMs, resolve, reject, watchdog };
      const task: WorkerTask = { id, request };
      this.#worker.postMessage(task);
    });
  }

  /** Stops the thread; a call in flight fails with SANDBOX_CLOSED. */
  async close(): Promise<void> {
    const pending = this.#take();
    pending?.reject(new EngineError('SANDBOX_CLOSED', 'the code sandbox was closed while the code ran'));
    this.#markGone();
    await this.#worker.terminate();
  }

  #answer(reply: WorkerReply): void {
    if (this.#pending?.id !== reply.id) return;
    this.#take()?.resolve(reply.outcome);
  }

  #expire(): void {
    const pending = this.#take();
    if (!pending) return;
    pending.resolve({
      ok: false,
      kind: 'CODE_TIMEOUT',
      message: `code ran longer than ${pending.timeoutMs} ms`,
      logs: [],
    });
    this.#markGone();
    void this.#worker.terminate();
  }

  #stopped(outcome: RunOutcome): void {
    this.#take()?.resolve(outcome);
    this.#markGone();
  }

  #take(): PendingCall | undefined {
    const pending = this.#pending;
    if (pending) clearTimeout(pending.watchdog);
    this.#pending = undefined;
    return pending;
  }

  #markGone(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#onGone(this);
  }
}

/** The worker died under a call: the V8 heap limit of the thread, or a fault in the engine. */
function lostOutcome(error: Error): RunOutcome {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      ok: false,
      kind: 'CODE_MEMORY_LIMIT',
      message: 'code ran out of memory (the sandbox worker died)',
      logs: [],
    };
  }
  return {
    ok: false,
    kind: 'CODE_ERROR',
    message: `the code sandbox worker stopped: ${error.message}`,
    logs: [],
  };
}
