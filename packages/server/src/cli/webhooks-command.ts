import type { Command } from 'commander';
import type { App } from '../app.ts';
import type { DeliveryView } from '../webhooks/webhook-views.ts';
import { print, time } from './output.ts';

type WithApp = <T>(work: (app: App) => Promise<T>) => Promise<T>;

/**
 * `flowgate webhooks secret|list`: the project's webhook signing secret (created on first need,
 * shown on demand so receivers can be configured; `--rotate` replaces it, the old one signing too
 * for a day) and the deliveries of finished runs with every attempt.
 */
export function registerWebhooksCommand(program: Command, withApp: WithApp): void {
  const webhooks = program.command('webhooks').description('signed callbacks of finished runs');
  webhooks
    .command('secret')
    .description("show the project's webhook signing secret (created when missing)")
    .requiredOption('--project <id>', 'project id')
    .option('--rotate', 'replace it; the previous secret keeps signing for 24 h')
    .option('--json', 'print JSON')
    .action((options: { project: string; rotate?: boolean; json?: boolean }) =>
      withApp(async (app) => {
        await app.projects.require(options.project);
        const view = options.rotate
          ? await app.webhooks.secrets.rotate(options.project)
          : await app.webhooks.secrets.reveal(options.project);
        print(Boolean(options.json), view, () =>
          [
            `Webhook secret of project ${view.projectId}${options.rotate ? ' (rotated)' : ''}`,
            `  ${view.secret}`,
            'Receivers check X-Flowgate-Signature with it (HMAC-SHA256 of "<timestamp>.<body>").',
          ].join('\n'),
        );
      }),
    );
  webhooks
    .command('list')
    .description('deliveries of finished runs, newest first, with their attempts')
    .requiredOption('--project <id>', 'project id')
    .option('--request-id <id>', 'only the deliveries of this run')
    .option('--limit <n>', 'at most this many deliveries', '50')
    .option('--json', 'print JSON')
    .action((options: { project: string; requestId?: string; limit: string; json?: boolean }) =>
      withApp(async (app) => {
        await app.projects.require(options.project);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw new Error(`--limit takes a whole number from 1 to 1000; got "${options.limit}".`);
        }
        const deliveries = await app.webhooks.list(options.project, {
          limit,
          ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
        });
        print(
          Boolean(options.json),
          deliveries,
          () => deliveries.map(describe).join('\n') || 'No deliveries.',
        );
      }),
    );
}

function describe(delivery: DeliveryView): string {
  const last = delivery.attempts.at(-1);
  const outcome = last
    ? last.statusCode === null
      ? (last.error ?? 'no answer')
      : `HTTP ${last.statusCode}`
    : '-';
  const next = delivery.status === 'pending' ? `  next ${time(delivery.nextAttemptAt)}` : '';
  return (
    `${delivery.id}  ${delivery.status.padEnd(9)} ${delivery.attempts.length} attempt(s), last ${outcome}${next}\n` +
    `    run ${delivery.requestId} → ${delivery.url}`
  );
}
