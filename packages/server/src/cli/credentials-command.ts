import type { Command } from 'commander';
import type { App } from '../app.ts';
import type { CredentialView } from '../credentials/credential-service.ts';
import { print, time } from './output.ts';

type WithApp = <T>(work: (app: App) => Promise<T>) => Promise<T>;

interface SetOptions {
  project: string;
  name: string;
  provider: string;
  baseUrl?: string;
  apiKey?: string;
  defaultModel?: string;
  json?: boolean;
}

/**
 * `flowgate credentials set|list|delete` (DESIGN §6): the project's model credentials. Keys are
 * sealed at rest and never printed; `list` shows whether one is set.
 */
export function registerCredentialsCommand(program: Command, withApp: WithApp): void {
  const credentials = program
    .command('credentials')
    .description("a project's model credentials (what a flow's credential_name resolves to)");
  addSet(credentials, withApp);
  addList(credentials, withApp);
  addDelete(credentials, withApp);
}

function addSet(credentials: Command, withApp: WithApp): void {
  credentials
    .command('set')
    .requiredOption('--project <id>', 'project id')
    .requiredOption('--name <name>', 'credential name, as flows name it (e.g. "Error-Groq")')
    .requiredOption('--provider <provider>', 'openai | anthropic | google | openai-compatible')
    .option('--base-url <url>', 'endpoint (required for openai-compatible: Groq, Together, Ollama…)')
    .option('--api-key <key>', 'API key (stored encrypted, never shown again)')
    .option(
      '--default-model <model>',
      "make this the project's default model (for placeholder model configs)",
    )
    .option('--json', 'print JSON')
    .action((options: SetOptions) =>
      withApp(async (app) => {
        await app.projects.require(options.project);
        const saved = await app.credentials.set(options.project, {
          name: options.name,
          provider: options.provider,
          baseUrl: options.baseUrl,
          apiKey: options.apiKey,
          defaultModel: options.defaultModel,
        });
        print(Boolean(options.json), saved, () => `Credential ${describe(saved)} saved.`);
      }),
    );
}

function addList(credentials: Command, withApp: WithApp): void {
  credentials
    .command('list')
    .requiredOption('--project <id>', 'project id')
    .option('--json', 'print JSON')
    .action((options: { project: string; json?: boolean }) =>
      withApp(async (app) => {
        await app.projects.require(options.project);
        const list = await app.credentials.list(options.project);
        print(
          Boolean(options.json),
          list,
          () =>
            list.map((c) => `${describe(c)}  updated ${time(c.updatedAt)}`).join('\n') || 'No credentials.',
        );
      }),
    );
}

function addDelete(credentials: Command, withApp: WithApp): void {
  credentials
    .command('delete')
    .requiredOption('--project <id>', 'project id')
    .requiredOption('--name <name>', 'credential name')
    .action((options: { project: string; name: string }) =>
      withApp(async (app) => {
        if (!(await app.credentials.delete(options.project, options.name))) {
          throw new Error(`Project ${options.project} has no credential "${options.name}".`);
        }
        process.stdout.write(`Deleted credential ${options.name}.\n`);
      }),
    );
}

function describe(credential: CredentialView): string {
  const parts = [`"${credential.name}"`, credential.provider];
  if (credential.baseUrl) parts.push(credential.baseUrl);
  parts.push(credential.hasApiKey ? 'key set' : 'no key');
  if (credential.defaultModel) parts.push(`default model ${credential.defaultModel}`);
  return parts.join('  ');
}
