// @ts-check
// Plain JavaScript on purpose (see guest-script.js): the worker thread imports it without a loader.

import { HELPERS_SOURCE, MAX_LOG_CHARACTERS, MAX_LOG_ENTRIES } from './guest-script.js';

/** @import { QuickJSContext, QuickJSHandle, SuccessOrFail, VmCallResult } from 'quickjs-emscripten-core' */
/** @typedef {{ show: QuickJSHandle, describe: QuickJSHandle }} Helpers */

/**
 * What the host puts in a fresh context before the user's code runs (`output = {}` and `console`),
 * and the built-ins it captures first, so that code which replaces `JSON.stringify`, `String` or
 * `Reflect.get` cannot change how its result and errors are read back. Everything here is host API
 * calls; guest helpers are compiled only on first use (see HELPERS_SOURCE).
 */
export class GuestGlobals {
  /** @type {QuickJSContext} */
  #context;
  /** @type {string[]} */
  #logs;
  /** @type {Record<'stringify' | 'toText' | 'errorType' | 'reflectGet' | 'outputName', QuickJSHandle>} */
  #captured;
  /** @type {Helpers | undefined} */
  #helpers;

  /**
   * @param {QuickJSContext} context
   * @param {string[]} logs where console entries go
   */
  constructor(context, logs) {
    this.#context = context;
    this.#logs = logs;
    this.#captured = {
      stringify: this.#path('JSON', 'stringify'),
      toText: context.getProp(context.global, 'String'),
      errorType: context.getProp(context.global, 'Error'),
      reflectGet: this.#path('Reflect', 'get'),
      outputName: context.newString('output'),
    };
    const output = context.newObject();
    context.setProp(context.global, 'output', output);
    output.dispose();
    this.#installConsole();
  }

  /**
   * The call's result as JSON text: `value`, or the global `output` when `value` is undefined.
   * Fails as the guest would (a throwing `toJSON`, a cycle, a BigInt); its value is not a string
   * when the result is not serialisable at all (undefined, a function).
   * @param {QuickJSHandle} value
   * @returns {VmCallResult<QuickJSHandle>}
   */
  finish(value) {
    const context = this.#context;
    const { stringify, reflectGet, outputName } = this.#captured;
    if (context.typeof(value) !== 'undefined')
      return context.callFunction(stringify, context.undefined, value);
    const output = context.callFunction(reflectGet, context.undefined, context.global, outputName);
    if (output.error) return output;
    try {
      return context.callFunction(stringify, context.undefined, output.value);
    } finally {
      output.value.dispose();
    }
  }

  /**
   * JSON text `{name, message, stack}` for what the guest threw; fails only out of memory or time.
   * @param {QuickJSHandle} thrown
   * @returns {VmCallResult<QuickJSHandle>}
   */
  describe(thrown) {
    const helpers = this.#loadHelpers();
    if (helpers.error) return helpers;
    return this.#context.callFunction(helpers.value.describe, this.#context.undefined, thrown);
  }

  dispose() {
    for (const handle of Object.values(this.#captured)) handle.dispose();
    if (this.#helpers) for (const handle of Object.values(this.#helpers)) handle.dispose();
  }

  /**
   * `log` (also `info` and `debug`), `warn` and `error`: each call one entry of the logs, at most
   * MAX_LOG_ENTRIES of MAX_LOG_CHARACTERS; later calls are dropped.
   */
  #installConsole() {
    const context = this.#context;
    const target = context.newObject();
    for (const [names, prefix] of /** @type {const} */ ([
      [['log', 'info', 'debug'], ''],
      [['warn'], 'warn: '],
      [['error'], 'error: '],
    ])) {
      const write = context.newFunction(names[0], (...values) => this.#write(prefix, values));
      for (const name of names) context.setProp(target, name, write);
      write.dispose();
    }
    context.setProp(context.global, 'console', target);
    target.dispose();
  }

  /**
   * @param {string} prefix
   * @param {QuickJSHandle[]} values
   */
  #write(prefix, values) {
    if (this.#logs.length >= MAX_LOG_ENTRIES) return;
    let line = prefix;
    for (let index = 0; index < values.length && line.length < MAX_LOG_CHARACTERS; index += 1) {
      const text = this.#show(/** @type {QuickJSHandle} */ (values[index]));
      // Interrupted or out of memory: the entry is dropped and the guest stops at its next step.
      if (text === undefined) return;
      line += (index === 0 ? '' : ' ') + text;
    }
    this.#logs.push(line.slice(0, MAX_LOG_CHARACTERS));
  }

  /**
   * @param {QuickJSHandle} value
   * @returns {string | undefined}
   */
  #show(value) {
    const context = this.#context;
    // Short strings, the usual argument, are read directly; a long one is cut inside the guest.
    if (context.typeof(value) === 'string' && (context.getLength(value) ?? 0) <= MAX_LOG_CHARACTERS) {
      return context.getString(value);
    }
    const helpers = this.#loadHelpers();
    if (helpers.error) {
      helpers.error.dispose();
      return undefined;
    }
    const shown = context.callFunction(helpers.value.show, context.undefined, value);
    if (shown.error) {
      shown.error.dispose();
      return undefined;
    }
    const text = context.getString(shown.value);
    shown.value.dispose();
    return text;
  }

  /** @returns {SuccessOrFail<Helpers, QuickJSHandle>} */
  #loadHelpers() {
    const context = this.#context;
    if (this.#helpers) return { value: this.#helpers };
    const factory = context.evalCode(HELPERS_SOURCE, 'helpers.js', { type: 'global' });
    if (factory.error) return factory;
    const { stringify, toText, errorType } = this.#captured;
    const made = context.callFunction(factory.value, context.undefined, stringify, toText, errorType);
    factory.value.dispose();
    if (made.error) return made;
    this.#helpers = {
      show: context.getProp(made.value, 'show'),
      describe: context.getProp(made.value, 'describe'),
    };
    made.value.dispose();
    return { value: this.#helpers };
  }

  /**
   * @param {string} object a global
   * @param {string} key
   */
  #path(object, key) {
    const holder = this.#context.getProp(this.#context.global, object);
    const value = this.#context.getProp(holder, key);
    holder.dispose();
    return value;
  }
}
