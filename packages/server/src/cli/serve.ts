import { type App, createApp } from '../app.ts';
import type { Config } from '../config/config.ts';

/** `flowgate serve`: listen until SIGTERM/SIGINT, then shut down gracefully (see shutDown). */
export async function serve(config: Config): Promise<void> {
  const app = await createApp(config);
  const http = app.http();
  const address = await http.listen({ port: config.port, host: config.host });
  await app.startBackground();
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.sqlitePath}`;
  app.logger.info({ address, store: where }, 'Flowgate is listening');
  process.stdout.write(`Flowgate listening on ${address} (GraphQL at ${address}/graphql, ${where})\n`);
  exitOnSignals(app, config.shutdownGraceMs);
}

/**
 * The first SIGTERM/SIGINT shuts down gracefully and exits 0 (1 when closing failed); a second one
 * exits at once (an operator who does not want to wait).
 */
function exitOnSignals(app: App, graceMs: number): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) {
      app.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    app.logger.info({ signal, graceMs }, 'shutting down');
    shutDown(app, graceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Graceful shutdown: stop accepting (the listener closes, so new connections are refused; a request
 * on a kept-alive connection gets 503 from Fastify's return503OnClosing, which also fails /readyz);
 * give requests in flight, sync runs included, `graceMs` to answer; past that, cut their connections.
 * Then `app.close()` flushes the run recorder and the last-used tracker, stops the pruner and the
 * schedules, closes the queue consumer (jobs not started stay queued for the next process) and the
 * store.
 */
export async function shutDown(app: App, graceMs: number): Promise<void> {
  const http = app.http();
  const closed = http.close();
  // The listener waits for every connection to end: a kept-alive one that went idle after its answer
  // would hold it until its keep-alive timeout. Close those as they become idle.
  const sweep = setInterval(() => http.server.closeIdleConnections(), 50);
  try {
    if (!(await settlesWithin(closed, graceMs))) {
      app.logger.warn({ graceMs }, 'grace period over: closing connections with requests still in flight');
      http.server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweep);
  }
  await app.close();
}

/** True when the promise settles within `ms`; rejections count as settled (and are rethrown). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
