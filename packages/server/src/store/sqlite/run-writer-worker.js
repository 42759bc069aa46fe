// The embedded store's run writer thread (plain JavaScript: worker threads do not load tsx). It owns a
// second connection to the database file and writes the group-commit batches the main thread sends,
// so the request thread never blocks on SQLite for run records. Statements arrive compiled; rows arrive
// as positional values (see threaded-run-writer.ts).
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { path, busyTimeoutMs, sql } = workerData;
const database = new BetterSqlite3(path, { timeout: busyTimeoutMs });
database.pragma('synchronous = NORMAL');
database.pragma('foreign_keys = ON');
const upsert = database.prepare(sql.upsert);

class ForeignRunError extends Error {
  constructor(requestId) {
    super(`run ${requestId} belongs to another project`);
    this.requestId = requestId;
  }
}

const write = database.transaction((entries) => {
  for (const run of entries) {
    if (upsert.run(run).changes === 0) throw new ForeignRunError(run[0]);
  }
});

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    write.immediate(message.entries);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({
      id: message.id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        code: typeof error?.code === 'string' ? error.code : undefined,
        foreignRequestId: error instanceof ForeignRunError ? error.requestId : undefined,
      },
    });
  }
});
