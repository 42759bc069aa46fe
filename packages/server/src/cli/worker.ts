import type { Command } from 'commander';
import { createApp } from '../app.ts';
import { type Config, loadConfig } from '../config/config.ts';

/** `flowgate worker`: registered on the CLI by main.ts. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run queued work (async, webhook and scheduled runs); with REDIS_URL, next to `serve`')
    .action(async () => {
      const global = program.opts<{ data?: string }>();
      await worker(loadConfig(process.env, { dataDir: global.data }));
    });
}

/**
 * Takes jobs from the queue (BullMQ with REDIS_URL, else the store's table) until SIGTERM/SIGINT:
 * then it stops taking jobs, lets those in hand finish for the shutdown grace period (those still
 * running after it go back to the queue for another process), and exits 0. A second signal exits at
 * once.
 */
export async function worker(config: Config): Promise<void> {
  const app = await createApp(config);
  await app.startWorker();
  const queue = config.redisUrl
    ? 'BullMQ on Redis'
    : config.databaseUrl
      ? 'PostgreSQL'
      : `SQLite at ${config.sqlitePath}`;
  app.logger.info({ queue, concurrency: config.workerConcurrency }, 'Flowgate worker started');
  process.stdout.write(`Flowgate worker started (jobs from ${queue}, ${config.workerConcurrency} at once)\n`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) {
      app.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    app.logger.info({ signal, graceMs: config.shutdownGraceMs }, 'worker shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'worker shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
