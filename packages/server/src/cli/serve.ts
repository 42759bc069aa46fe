import { createApp } from '../app.ts';
import type { Config } from '../config/config.ts';

/** `flowgate serve`: listen until SIGTERM/SIGINT, then close the server and flush what is pending. */
export async function serve(config: Config): Promise<void> {
  const app = await createApp(config);
  const http = app.http();
  const address = await http.listen({ port: config.port, host: config.host });
  await app.startBackground();
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.sqlitePath}`;
  app.logger.info({ address, store: where }, 'Flowgate is listening');
  process.stdout.write(`Flowgate listening on ${address} (GraphQL at ${address}/graphql, ${where})\n`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
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
