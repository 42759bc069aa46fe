// @ts-check
// Plain JavaScript on purpose (see guest-script.js): the worker thread imports it without a loader.

import { Buffer } from 'node:buffer';
import { GuestGlobals } from './guest-globals.js';
import { describeThrown, GUEST_FILENAME, wrapUserCode } from './guest-script.js';

/** @import { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core' */

/**
 * @typedef {'CODE_ERROR' | 'CODE_TIMEOUT' | 'CODE_MEMORY_LIMIT' | 'CODE_OUTPUT_INVALID'} FailureKind
 * @typedef {{ code: string, timeoutMs: number, memoryLimitBytes: number }} GuestRequest
 * What one call produced, in a form that crosses a worker boundary as is. `json` is the result as
 * JSON text of at most MAX_RESULT_BYTES; the host parses it.
 * @typedef {{ ok: true, json: string, logs: string[] } | { ok: false, kind: FailureKind, message: string, logs: string[] }} RunOutcome
 * @typedef {{ name: string, message: string, stack: string }} Thrown
 */

export const MAX_RESULT_BYTES = 1024 * 1024;
/** Memory the host's own guest helper (describing an error) may use above the code's limit. */
const DESCRIBE_HEADROOM_BYTES = 256 * 1024;

/**
 * Runs one request in a new runtime and context on `module`, then disposes both.
 * `moduleHealthy` is false when the module should be replaced: after an interrupt or out of memory
 * (the bench's advice), and after any failure of the WASM module itself, which is then left alone.
 * @param {QuickJSWASMModule} module
 * @param {GuestRequest} request
 * @param {number} maxStackSizeBytes
 * @returns {{ outcome: RunOutcome, moduleHealthy: boolean }}
 */
export function runGuestCall(module, request, maxStackSizeBytes) {
  /** @type {string[]} */
  const logs = [];
  const deadline = Date.now() + request.timeoutMs;
  const watch = { interrupted: false };
  /** @type {RunOutcome} */
  let outcome;
  /** @type {QuickJSRuntime} */
  let runtime;
  /** @type {QuickJSContext} */
  let context;
  try {
    runtime = module.newRuntime();
    runtime.setMaxStackSize(maxStackSizeBytes);
    // Stays installed until disposal: pending jobs and the result's serialisation run guest code too.
    runtime.setInterruptHandler(() => {
      if (Date.now() < deadline) return false;
      watch.interrupted = true;
      return true;
    });
    context = runtime.newContext();
    outcome = new GuestCall(context, runtime, request, logs, watch, deadline).run();
  } catch (error) {
    // The module failed underneath the guest (native stack exhausted, emscripten abort). Its state is
    // unknown, so nothing in it is touched again, not even to dispose.
    return { outcome: failure('CODE_ERROR', hostFailureMessage(error), logs), moduleHealthy: false };
  }
  const disposed = disposeQuietly(context, runtime);
  const strained = !outcome.ok && (outcome.kind === 'CODE_TIMEOUT' || outcome.kind === 'CODE_MEMORY_LIMIT');
  return { outcome, moduleHealthy: disposed && !strained };
}

class GuestCall {
  /**
   * @param {QuickJSContext} context
   * @param {QuickJSRuntime} runtime
   * @param {GuestRequest} request
   * @param {string[]} logs
   * @param {{ interrupted: boolean }} watch
   * @param {number} deadline
   */
  constructor(context, runtime, request, logs, watch, deadline) {
    this.context = context;
    this.runtime = runtime;
    this.request = request;
    this.logs = logs;
    this.watch = watch;
    this.deadline = deadline;
    /** @type {GuestGlobals | undefined} */
    this.globals = undefined;
  }

  /** @returns {RunOutcome} */
  run() {
    const globals = new GuestGlobals(this.context, this.logs);
    this.globals = globals;
    try {
      // Set after the globals, so the whole limit is the code's own.
      this.runtime.setMemoryLimit(this.request.memoryLimitBytes);
      const code = wrapUserCode(this.request.code);
      const evaluation = this.context.evalCode(code, GUEST_FILENAME, { type: 'global' });
      if (evaluation.error) return this.thrown(evaluation.error, 'CODE_ERROR', '');
      return this.settle(evaluation.value);
    } finally {
      globals.dispose();
    }
  }

  /**
   * @param {QuickJSHandle} promise what the wrapped code evaluated to
   * @returns {RunOutcome}
   */
  settle(promise) {
    try {
      this.drainJobs();
      if (this.watch.interrupted) return this.timeout();
      const state = this.context.getPromiseState(promise);
      if (state.type === 'rejected') return this.thrown(state.error, 'CODE_ERROR', '');
      // `notAPromise`: the code closed the wrapper early and the script ended in a plain value, which
      // QuickJS hands back as the same handle.
      if (state.type === 'fulfilled') return this.serialise(state.notAPromise ? promise.dup() : state.value);
      // No host function returns a promise (yet), so once the job queue is empty nothing can ever
      // settle this one: answer now instead of holding the worker until the deadline.
      return failure('CODE_ERROR', 'the code awaits a promise that never settles', this.logs);
    } finally {
      promise.dispose();
    }
  }

  drainJobs() {
    while (this.runtime.hasPendingJob()) {
      if (Date.now() >= this.deadline) this.watch.interrupted = true;
      if (this.watch.interrupted) return;
      // A job's own exception lands in its promise; what surfaces here is an interrupt or out of memory,
      // which the promise state or the watch reports next.
      const result = this.runtime.executePendingJobs();
      if (result.error) result.error.dispose();
    }
  }

  /**
   * @param {QuickJSHandle} value the fulfilled value (disposed here)
   * @returns {RunOutcome}
   */
  serialise(value) {
    try {
      const result = this.installed.finish(value);
      if (result.error) return this.thrown(result.error, 'CODE_OUTPUT_INVALID', 'the result is not JSON: ');
      try {
        return this.readJson(result.value);
      } finally {
        result.value.dispose();
      }
    } finally {
      value.dispose();
    }
  }

  /**
   * @param {QuickJSHandle} handle what `finish` returned: JSON text, or undefined
   * @returns {RunOutcome}
   */
  readJson(handle) {
    if (this.context.typeof(handle) !== 'string') {
      const message =
        'the result is not JSON: set `output` or return an object, array, string, number, boolean or null';
      return failure('CODE_OUTPUT_INVALID', message, this.logs);
    }
    // Every UTF-16 unit is at least one UTF-8 byte: a long string is rejected before it is copied out.
    const length = this.context.getLength(handle) ?? 0;
    const json = length > MAX_RESULT_BYTES ? undefined : this.context.getString(handle);
    if (json === undefined || Buffer.byteLength(json, 'utf8') > MAX_RESULT_BYTES) {
      return failure(
        'CODE_OUTPUT_INVALID',
        `the result is larger than ${MAX_RESULT_BYTES} bytes of JSON`,
        this.logs,
      );
    }
    return { ok: true, json, logs: this.logs };
  }

  /**
   * @param {QuickJSHandle} error what the guest threw (disposed here)
   * @param {FailureKind} kind what an ordinary exception means here
   * @param {string} prefix put before the guest's message
   * @returns {RunOutcome}
   */
  thrown(error, kind, prefix) {
    try {
      if (this.watch.interrupted) return this.timeout();
      const thrown = this.describe(error);
      if (this.watch.interrupted) return this.timeout();
      if (thrown === undefined || (thrown.name === 'InternalError' && thrown.message === 'out of memory')) {
        const limit = `${Math.round(this.request.memoryLimitBytes / (1024 * 1024))} MB`;
        return failure('CODE_MEMORY_LIMIT', `code ran out of memory (limit ${limit})`, this.logs);
      }
      return failure(kind, prefix + describeThrown(thrown), this.logs);
    } finally {
      error.dispose();
    }
  }

  /**
   * Asks the guest's `describe` (which reads getters, and may therefore run guest code) for name,
   * message and stack. Undefined when it could not, which only happens out of memory.
   * @param {QuickJSHandle} error
   * @returns {Thrown | undefined}
   */
  describe(error) {
    this.runtime.setMemoryLimit(this.request.memoryLimitBytes + DESCRIBE_HEADROOM_BYTES);
    const result = this.installed.describe(error);
    if (result.error) {
      result.error.dispose();
      return undefined;
    }
    const text = this.context.typeof(result.value) === 'string' ? this.context.getString(result.value) : '';
    result.value.dispose();
    return parseThrown(text);
  }

  /** @returns {GuestGlobals} */
  get installed() {
    if (this.globals === undefined) throw new Error('the globals are not installed');
    return this.globals;
  }

  /** @returns {RunOutcome} */
  timeout() {
    return failure('CODE_TIMEOUT', `code ran longer than ${this.request.timeoutMs} ms`, this.logs);
  }
}

/**
 * @param {string} text JSON from the guest's `describe`
 * @returns {Thrown}
 */
function parseThrown(text) {
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const { name, message, stack } = /** @type {Record<string, unknown>} */ (parsed);
      if (typeof name === 'string' && typeof message === 'string' && typeof stack === 'string') {
        return { name, message, stack };
      }
    }
  } catch {
    // fall through: the description itself was unusable
  }
  return { name: '', message: 'the code threw a value that cannot be described', stack: '' };
}

/**
 * @param {FailureKind} kind
 * @param {string} message
 * @param {string[]} logs
 * @returns {RunOutcome}
 */
function failure(kind, message, logs) {
  return { ok: false, kind, message, logs };
}

/** @param {unknown} error */
function hostFailureMessage(error) {
  if (error instanceof RangeError) return 'InternalError: stack overflow (the code nests too deeply)';
  return `the sandbox failed while running the code: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * @param {QuickJSContext} context
 * @param {QuickJSRuntime} runtime
 * @returns {boolean} false when disposal failed (a leaked handle makes QuickJS abort)
 */
function disposeQuietly(context, runtime) {
  try {
    context.dispose();
    runtime.dispose();
    return true;
  } catch {
    return false;
  }
}
