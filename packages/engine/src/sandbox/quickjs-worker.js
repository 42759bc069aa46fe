// @ts-check
// Worker-thread entry of the code sandbox pool (sandbox-worker.ts). Plain JavaScript that imports only
// JavaScript, so the thread starts the same under `node`, `node --import tsx`, `tsx` and Vitest,
// none of whose TypeScript loaders reach a worker thread reliably on Node 20.

import { parentPort, workerData } from 'node:worker_threads';
import { QuickJsEngine } from './quickjs-engine.js';

/** @import { GuestRequest, RunOutcome } from './guest-call.js' */
/** @import { QuickJsEngineOptions } from './quickjs-engine.js' */

/**
 * The messages between the pool and a worker: one task at a time, answered by its id.
 * @typedef {{ id: number, request: GuestRequest }} WorkerTask
 * @typedef {{ id: number, outcome: RunOutcome }} WorkerReply
 * @typedef {{ engine: QuickJsEngineOptions }} WorkerSetup
 */

const port = parentPort;
if (port === null) throw new Error('quickjs-worker.js runs as a worker thread (see sandbox-worker.ts)');

const setup = /** @type {WorkerSetup} */ (workerData);
const engine = new QuickJsEngine(setup.engine);
// Load the WASM module before the first task arrives; a failure here shows on that task instead.
engine.warmUp().catch(() => undefined);

port.on('message', (/** @type {WorkerTask} */ task) => {
  engine.run(task.request).then(
    (outcome) => port.postMessage(/** @type {WorkerReply} */ ({ id: task.id, outcome })),
    (/** @type {unknown} */ error) => {
      const message = `the code sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
      /** @type {RunOutcome} */
      const outcome = { ok: false, kind: 'CODE_ERROR', message, logs: [] };
      port.postMessage(/** @type {WorkerReply} */ ({ id: task.id, outcome }));
    },
  );
});
