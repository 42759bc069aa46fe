import { parseJsonSafely } from '@flowgate/engine';
import { Command, Option } from 'commander';
import { type App, createApp } from '../app.ts';
import { ALL_SCOPES, type Caller } from '../auth/caller.ts';
import { type ConfigInput, loadConfig } from '../config/config.ts';
import { DeployError } from '../deployments/deploy-service.ts';
import { ApiError } from '../errors/api-error.ts';
import { registerCredentialsCommand } from './credentials-command.ts';
import { parseDuration } from './duration.ts';
import { readFlowFiles } from './flow-files.ts';
import { print, time } from './output.ts';
import { serve } from './serve.ts';
import { registerTypesCommand } from './types-command.ts';
import { registerWebhooksCommand } from './webhooks-command.ts';
import { registerWorkerCommand } from './worker.ts';

const program = new Command('flowgate')
  .description('Flowgate: run GenAI flows behind a Lamatic-compatible GraphQL API')
  .option('--data <dir>', 'data folder of the embedded store (env FLOWGATE_DATA)')
  .showHelpAfterError();

/** Opens the app on the configured store, runs `work`, and always closes it. */
async function withApp<T>(work: (app: App) => Promise<T>, flags: Partial<ConfigInput> = {}): Promise<T> {
  const global = program.opts<{ data?: string }>();
  const app = await createApp(loadConfig(process.env, { dataDir: global.data, logLevel: 'warn', ...flags }));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function parseRateLimit(text: string): number {
  const rate = Number(text);
  if (text.trim() === '' || !Number.isInteger(rate) || rate < 1) {
    throw new Error(`--rate-limit takes a whole number of requests per second, e.g. 5; got "${text}".`);
  }
  return rate;
}

async function requireProject(app: App, id: string) {
  return app.projects.require(id);
}

program
  .command('serve')
  .description('start the HTTP server')
  .option('--port <port>', 'port (env PORT)')
  .option('--host <host>', 'interface (env HOST)')
  .action(async (options: { port?: string; host?: string }) => {
    const global = program.opts<{ data?: string }>();
    await serve(loadConfig(process.env, { dataDir: global.data, port: options.port, host: options.host }));
  });

const project = program.command('project').description('projects');
project
  .command('create')
  .requiredOption('--name <name>', 'project name')
  .option('--json', 'print JSON')
  .action((options: { name: string; json?: boolean }) =>
    withApp(async (app) => {
      const created = await app.projects.create(options.name);
      print(Boolean(options.json), { id: created.id, name: created.name, endpoint: created.endpoint }, () =>
        [
          `Project ${created.name}`,
          `  Project ID:  ${created.id}`,
          `  Project URL: ${created.endpoint}`,
        ].join('\n'),
      );
    }),
  );
project
  .command('list')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    withApp(async (app) => {
      const projects = await app.projects.list();
      print(
        Boolean(options.json),
        projects,
        () => projects.map((p) => `${p.id}  ${p.name}`).join('\n') || 'No projects.',
      );
    }),
  );

project
  .command('settings')
  .description('show or change project settings (Smart Retries)')
  .requiredOption('--project <id>', 'project id')
  .option('--smart-retries <on|off>', 're-run a failed flow from the last node that succeeded')
  .option('--max-retries <n>', 'retries after a failure, 1 to 5')
  .option('--retry-delay <duration>', 'wait before each retry, e.g. 1s (at most 30s)')
  .option('--json', 'print JSON')
  .action(
    (options: {
      project: string;
      smartRetries?: string;
      maxRetries?: string;
      retryDelay?: string;
      json?: boolean;
    }) =>
      withApp(async (app) => {
        const changing = [options.smartRetries, options.maxRetries, options.retryDelay].some(
          (value) => value !== undefined,
        );
        if (options.smartRetries !== undefined && !['on', 'off'].includes(options.smartRetries)) {
          throw new Error('--smart-retries takes on or off.');
        }
        const settings = changing
          ? await app.projects.setSmartRetries(options.project, {
              enabled: options.smartRetries === undefined ? undefined : options.smartRetries === 'on',
              maxRetries: options.maxRetries === undefined ? undefined : Number(options.maxRetries),
              delayMs: options.retryDelay === undefined ? undefined : parseDuration(options.retryDelay),
            })
          : await app.projects.getSettings((await requireProject(app, options.project)).id);
        print(Boolean(options.json), settings, () => {
          const smart = settings.smartRetries;
          return smart?.enabled
            ? `Smart Retries: on, up to ${smart.maxRetries} retries, ${smart.delayMs / 1000} s apart`
            : 'Smart Retries: off';
        });
      }),
  );

const keys = program.command('keys').description("a project's API keys");
keys
  .command('create')
  .requiredOption('--project <id>', 'project id')
  .option('--name <name>', 'a name to recognise the key by')
  .option('--expires-in <duration>', 'e.g. 90s, 15m, 12h, 30d')
  .option('--scopes <list>', `comma list of ${ALL_SCOPES.join(', ')}`)
  .option('--rate-limit <n>', "this key's requests per second (burst: twice that), instead of the default")
  .option('--json', 'print JSON')
  .action(
    (options: {
      project: string;
      name?: string;
      expiresIn?: string;
      scopes?: string;
      rateLimit?: string;
      json?: boolean;
    }) =>
      withApp(async (app) => {
        await requireProject(app, options.project);
        const created = await app.apiKeys.create(options.project, {
          name: options.name,
          expiresInMs: options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn),
          scopes: options.scopes?.split(',').map((scope) => scope.trim()),
          rateLimitPerSecond: options.rateLimit === undefined ? undefined : parseRateLimit(options.rateLimit),
        });
        print(Boolean(options.json), { id: created.id, key: created.key, prefix: created.prefix }, () =>
          [
            `API key ${created.name} (${created.id})`,
            `  ${created.key}`,
            'Copy it now: it is shown this once and stored only as a hash.',
          ].join('\n'),
        );
      }),
  );
keys
  .command('list')
  .requiredOption('--project <id>', 'project id')
  .option('--json', 'print JSON')
  .action((options: { project: string; json?: boolean }) =>
    withApp(async (app) => {
      const list = await app.apiKeys.list(options.project);
      const rows = list.map(
        ({
          id,
          name,
          prefix,
          lastFour,
          createdAt,
          lastUsedAt,
          expiresAt,
          revokedAt,
          rateLimitPerSecond,
        }) => ({
          id,
          name,
          prefix,
          lastFour,
          createdAt,
          lastUsedAt,
          expiresAt,
          revokedAt,
          rateLimitPerSecond: rateLimitPerSecond ?? null,
        }),
      );
      print(
        Boolean(options.json),
        rows,
        () =>
          rows
            .map(
              (k) =>
                `${k.id}  ${k.name}  ${k.prefix}…${k.lastFour}  last used ${time(k.lastUsedAt)}` +
                `${k.revokedAt ? '  REVOKED' : ''}${k.expiresAt ? `  expires ${time(k.expiresAt)}` : ''}`,
            )
            .join('\n') || 'No keys.',
      );
    }),
  );
keys
  .command('revoke <keyId>')
  .requiredOption('--project <id>', 'project id')
  .option('--json', 'print JSON')
  .action((keyId: string, options: { project: string; json?: boolean }) =>
    withApp(async (app) => {
      if (!(await app.apiKeys.revoke(options.project, keyId))) {
        throw new Error(`Project ${options.project} has no API key ${keyId}; see flowgate keys list.`);
      }
      print(Boolean(options.json), { id: keyId, revoked: true }, () => `Revoked ${keyId}.`);
    }),
  );

const secretKeys = program.command('secret-keys').description('secret keys that sign access tokens');
secretKeys
  .command('create')
  .requiredOption('--project <id>', 'project id')
  .option('--json', 'print JSON')
  .action((options: { project: string; json?: boolean }) =>
    withApp(async (app) => {
      await requireProject(app, options.project);
      const created = await app.secretKeys.create(options.project);
      print(Boolean(options.json), created, () =>
        [
          `Secret key ${created.id}`,
          `  ${created.secret}`,
          'Sign access tokens with it (HS256, claim project_id).',
        ].join('\n'),
      );
    }),
  );
secretKeys
  .command('revoke <keyId>')
  .requiredOption('--project <id>', 'project id')
  .action((keyId: string, options: { project: string }) =>
    withApp(async (app) => {
      if (!(await app.secretKeys.revoke(options.project, keyId))) {
        throw new Error(`Project ${options.project} has no secret key ${keyId}.`);
      }
      process.stdout.write(`Revoked ${keyId}.\n`);
    }),
  );

const secrets = program
  .command('secrets')
  .description('project secrets, read by flows as {{secrets.project.NAME}}');
secrets
  .command('set')
  .requiredOption('--project <id>', 'project id')
  .requiredOption('--name <name>', 'secret name')
  .requiredOption('--value <value>', 'secret value')
  .action((options: { project: string; name: string; value: string }) =>
    withApp(async (app) => {
      await requireProject(app, options.project);
      await app.secrets.put(options.project, options.name, options.value);
      process.stdout.write(`Secret ${options.name} saved.\n`);
    }),
  );

const flows = program.command('flows').description('flows and deployments');
flows
  .command('deploy <paths...>')
  .requiredOption('--project <id>', 'project id')
  .option('--json', 'print JSON')
  .action((paths: string[], options: { project: string; json?: boolean }) =>
    withApp(async (app) => {
      await requireProject(app, options.project);
      const warn = (warning: string) => process.stderr.write(`warning: ${warning}\n`);
      const result = await app.deploys.deploy(options.project, await readFlowFiles(paths, warn));
      const output = {
        deployment: result.deployment,
        flows: result.flows.map(({ id, name, webhookUrl }) => ({
          id,
          name,
          ...(webhookUrl ? { webhookUrl } : {}),
        })),
      };
      for (const flow of result.flows)
        for (const warning of flow.warnings) process.stderr.write(`warning: ${warning}\n`);
      print(Boolean(options.json), output, () =>
        [
          `Deployment ${result.deployment} is active.`,
          ...result.flows.map(
            (f) => `  ${f.id}  ${f.name}${f.webhookUrl ? `  webhook: ${f.webhookUrl}` : ''}`,
          ),
        ].join('\n'),
      );
    }),
  );
flows
  .command('rollback <deployment>')
  .requiredOption('--project <id>', 'project id')
  .action((deployment: string, options: { project: string }) =>
    withApp(async (app) => {
      const number = Number(deployment);
      if (!Number.isInteger(number) || number < 1) {
        throw new Error(
          `"${deployment}" is not a deployment number; give one from the deploy output, e.g. 2.`,
        );
      }
      await app.deploys.rollback(options.project, number);
      process.stdout.write(`Deployment ${deployment} is active again.\n`);
    }),
  );

program
  .command('run <flowId>')
  .description('run a deployed flow once, in this process, and print its result')
  .requiredOption('--project <id>', 'project id')
  .addOption(new Option('--payload <json>', 'the payload, as JSON').default('{}'))
  .action((flowId: string, options: { project: string; payload: string }) =>
    withApp(async (app) => {
      await requireProject(app, options.project);
      let payload: ReturnType<typeof parseJsonSafely>;
      try {
        payload = parseJsonSafely(options.payload);
      } catch (error) {
        throw new Error(`--payload is not valid JSON: ${(error as Error).message}`);
      }
      const caller: Caller = {
        projectId: options.project,
        keyId: null,
        keyName: 'cli',
        scopes: ALL_SCOPES,
        via: 'cli',
      };
      const result = await app.runs.executeWorkflow(caller, flowId, payload, { idempotencyKey: undefined });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }),
  );

registerCredentialsCommand(program, withApp);
registerWorkerCommand(program);
registerWebhooksCommand(program, withApp);
registerTypesCommand(program, withApp);

program.parseAsync(process.argv).catch((error: unknown) => {
  const expected = error instanceof DeployError || error instanceof ApiError || error instanceof Error;
  process.stderr.write(`flowgate: ${expected ? (error as Error).message : String(error)}\n`);
  process.exitCode = 1;
});
