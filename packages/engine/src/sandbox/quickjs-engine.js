// @ts-check
// Plain JavaScript on purpose (see guest-script.js): the worker thread imports it without a loader.

import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { runGuestCall } from './guest-call.js';

/** @import { QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten-core' */
/** @import { GuestRequest, RunOutcome } from './guest-call.js' */

/**
 * @typedef {object} QuickJsEngineOptions
 * @property {number} [maxStackSizeBytes] QuickJS's own stack limit (default 1 MiB). The thread running
 *   the engine needs far more native stack than this (the pool gives its workers 64 MB); a native
 *   stack overflow is caught, reported as a code error and the module recycled, but it is abrupt.
 * @property {number} [recycleAfterCalls] Load a fresh WASM module after this many calls (default 5,000).
 * @property {number} [maxWasmMemoryBytes] Load a fresh module once linear memory passes this (default
 *   256 MiB): WASM memory only grows, so a memory bomb would otherwise keep its high-water mark.
 */

export const DEFAULT_MAX_STACK_SIZE_BYTES = 1024 * 1024;
const DEFAULT_RECYCLE_AFTER_CALLS = 5000;
const DEFAULT_MAX_WASM_MEMORY_BYTES = 256 * 1024 * 1024;

// The variant ships CommonJS-flavoured types for its ESM build, so NodeNext types the default import
// as the module object; at run time it is the variant itself.
const variant = /** @type {QuickJSSyncVariant} */ (/** @type {unknown} */ (releaseSyncVariant));

/**
 * Runs code in QuickJS, one fresh runtime and context per call (never reused, so nothing leaks from
 * one call to the next), on a WASM module loaded once and replaced after a failure that may have left
 * it in a bad state (interrupt, out of memory, native abort) or when it has grown or aged.
 */
export class QuickJsEngine {
  /** @type {Required<QuickJsEngineOptions>} */
  #settings;
  /** @type {Promise<QuickJSWASMModule> | undefined} */
  #module;
  #callsOnModule = 0;
  #modulesLoaded = 0;

  /** @param {QuickJsEngineOptions} [options] */
  constructor(options = {}) {
    this.#settings = {
      maxStackSizeBytes: options.maxStackSizeBytes ?? DEFAULT_MAX_STACK_SIZE_BYTES,
      recycleAfterCalls: options.recycleAfterCalls ?? DEFAULT_RECYCLE_AFTER_CALLS,
      maxWasmMemoryBytes: options.maxWasmMemoryBytes ?? DEFAULT_MAX_WASM_MEMORY_BYTES,
    };
  }

  /** How many WASM modules this engine has loaded: 1 until something made it recycle. */
  get modulesLoaded() {
    return this.#modulesLoaded;
  }

  /** Loads the WASM module ahead of the first call (15–20 ms). */
  async warmUp() {
    await this.#currentModule();
  }

  /**
   * @param {GuestRequest} request
   * @returns {Promise<RunOutcome>}
   */
  async run(request) {
    const modulePromise = this.#currentModule();
    const module = await modulePromise;
    this.#callsOnModule += 1;
    const { outcome, moduleHealthy } = runGuestCall(module, request, this.#settings.maxStackSizeBytes);
    const worn =
      this.#callsOnModule >= this.#settings.recycleAfterCalls ||
      module.getWasmMemory().buffer.byteLength > this.#settings.maxWasmMemoryBytes;
    if ((!moduleHealthy || worn) && this.#module === modulePromise) this.#module = undefined;
    return outcome;
  }

  /** Drops the module; its memory goes with the last reference. A later `run` loads a new one. */
  close() {
    this.#module = undefined;
  }

  /** @returns {Promise<QuickJSWASMModule>} */
  #currentModule() {
    if (this.#module === undefined) {
      this.#callsOnModule = 0;
      this.#modulesLoaded += 1;
      const loading = newQuickJSWASMModuleFromVariant(variant);
      // A failed load must not stick: the next call tries again.
      loading.catch(() => {
        if (this.#module === loading) this.#module = undefined;
      });
      this.#module = loading;
    }
    return this.#module;
  }
}
