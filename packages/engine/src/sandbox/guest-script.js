// @ts-check
// Plain JavaScript on purpose: the sandbox worker imports this file, and a worker thread starts without
// the host's TypeScript loader (Vitest, `node --import tsx`, `tsx` all differ there). Types are checked
// through JSDoc (`// @ts-check`; the root tsconfig has `allowJs`).

/** The file name guest stack traces report; error lines are read back from it. */
export const GUEST_FILENAME = 'code.js';

/** Most console entries kept per call, and characters kept per entry. */
export const MAX_LOG_ENTRIES = 100;
export const MAX_LOG_CHARACTERS = 2000;

/**
 * The user's code becomes the body of an async function, so that top-level `await` and `return`
 * work and `output = …` assigns the global `output` (sloppy mode, as kits are written). The body
 * starts on the wrapper's first line, so guest line numbers are the user's line numbers.
 * @param {string} code
 * @returns {string}
 */
export function wrapUserCode(code) {
  return `(async function () {${code}\n})()`;
}

/**
 * Compiled only when a call needs it (a console argument that is not a short string, or an error to
 * describe): compiling guest code is the largest part of a call's cost after the context itself, so
 * the common path compiles nothing but the user's code. It is called with `JSON.stringify`, `String`
 * and `Error` as they were before the user's code ran, and returns:
 * - `show(value)`: one console argument as text, cut to MAX_LOG_CHARACTERS;
 * - `describe(thrown)`: what was thrown, as JSON text `{name, message, stack}` (`name` is empty for
 *   a thrown value that is not an Error).
 */
export const HELPERS_SOURCE = `(function (stringify, toText, ErrorType) {
  'use strict';
  const cut = (text) => (text.length > ${MAX_LOG_CHARACTERS} ? text.slice(0, ${MAX_LOG_CHARACTERS}) : text);
  const show = (value) => {
    try {
      if (typeof value === 'string') return cut(value);
      if (value instanceof ErrorType) return cut(toText(value.name) + ': ' + toText(value.message));
      const text = stringify(value);
      return cut(text === undefined ? toText(value) : text);
    } catch {
      return '[a value that cannot be printed]';
    }
  };
  const describe = (thrown) => {
    try {
      if (!(thrown instanceof ErrorType)) return stringify({ name: '', message: show(thrown), stack: '' });
      const name = cut(toText(thrown.name));
      return stringify({ name, message: cut(toText(thrown.message)), stack: cut(toText(thrown.stack)) });
    } catch {
      return stringify({ name: '', message: 'the code threw a value that cannot be described', stack: '' });
    }
  };
  return { show, describe };
})`;

const GUEST_LINE = new RegExp(`${GUEST_FILENAME.replace('.', '\\.')}:(\\d+)`);

/**
 * A person-readable message for what the guest threw: the message alone for a plain `Error` (kits
 * throw `new Error("Invalid request: …")`) or a thrown value that is not an Error, `Name: message`
 * otherwise, and the line when known.
 * @param {{ name: string, message: string, stack: string }} thrown
 * @returns {string}
 */
export function describeThrown(thrown) {
  const text = thrown.message === '' ? thrown.name || 'the code threw an empty message' : thrown.message;
  const plain = thrown.name === 'Error' || thrown.name === '' || thrown.message === '';
  const named = plain ? text : `${thrown.name}: ${text}`;
  const line = GUEST_LINE.exec(thrown.stack)?.[1];
  const message = named.length > MAX_LOG_CHARACTERS ? `${named.slice(0, MAX_LOG_CHARACTERS)}…` : named;
  return line === undefined ? message : `${message} (line ${line})`;
}
