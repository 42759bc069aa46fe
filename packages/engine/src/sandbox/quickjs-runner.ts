import { parseJsonSafely } from '../json.ts';
import { CodeError, type CodeRunRequest, type CodeRunResult, type CodeSandbox } from './code-sandbox.ts';
import type { RunOutcome } from './guest-call.js';
import { QuickJsEngine, type QuickJsEngineOptions } from './quickjs-engine.js';

export type { QuickJsEngineOptions } from './quickjs-engine.js';

/**
 * The QuickJS sandbox on the calling thread. Each call holds the thread for as long as the code
 * runs (up to its time budget), so a server uses WorkerPoolSandbox, whose workers each run one of
 * these engines; this class serves tests and tools that have a thread to spare.
 */
export class QuickJsRunner implements CodeSandbox {
  readonly #engine: QuickJsEngine;

  constructor(options: QuickJsEngineOptions = {}) {
    this.#engine = new QuickJsEngine(options);
  }

  /** WASM modules loaded so far: it grows when a failure or wear made the engine recycle. */
  get modulesLoaded(): number {
    return this.#engine.modulesLoaded;
  }

  async run(request: CodeRunRequest): Promise<CodeRunResult> {
    checkRunRequest(request);
    return settleOutcome(await this.#engine.run(request));
  }

  async close(): Promise<void> {
    this.#engine.close();
  }
}

/** Turns what the engine produced into the port's result, or throws the matching CodeError. */
export function settleOutcome(outcome: RunOutcome): CodeRunResult {
  if (!outcome.ok) throw new CodeError(outcome.kind, outcome.message);
  try {
    // `__proto__` keys are dropped: the value goes on into templates and other nodes.
    return { value: parseJsonSafely(outcome.json), logs: outcome.logs };
  } catch (error) {
    throw new CodeError('CODE_OUTPUT_INVALID', 'the result is not valid JSON', { cause: error });
  }
}

/** Limits come from configuration; a nonsensical one is a bug to report, not a budget to guess. */
export function checkRunRequest(request: CodeRunRequest): void {
  if (typeof request.code !== 'string') throw new TypeError('code must be a string');
  for (const [name, value] of [
    ['timeoutMs', request.timeoutMs],
    ['memoryLimitBytes', request.memoryLimitBytes],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
}
