import { Cron } from 'croner';
import type { NodeKind, TriggerDescription } from '../node-kind.ts';

interface CronConfig {
  expression: string;
  timezone: string | undefined;
}

/**
 * "Schedule": runs the flow on a cron expression (5 or 6 fields) in a time zone, for as long as the
 * deployment holding it is active. Output: the time it fired.
 */
export const cronNode: NodeKind<CronConfig> = {
  kind: 'cronNode',
  role: 'trigger',
  compile({ values, problem }) {
    const expression = typeof values.cronExpression === 'string' ? values.cronExpression.trim() : '';
    const timezone =
      typeof values.cronTimezone === 'string' && values.cronTimezone !== '' ? values.cronTimezone : undefined;
    if (expression === '') problem('cronExpression is empty: give a schedule such as "0 9 * * *"');
    else {
      try {
        new Cron(expression, { timezone, paused: true }).stop();
      } catch (error) {
        problem(
          `cronExpression "${expression}"${timezone ? ` in ${timezone}` : ''} is not valid: ${(error as Error).message}`,
        );
      }
    }
    return { expression, timezone };
  },
  run: (_config, { run }) => ({ output: run.payload }),
  describeTrigger: (config): TriggerDescription => ({
    invocation: 'schedule',
    responseMode: 'async',
    inputFields: {},
    validatePayload: () => [],
    schedule: { expression: config.expression, timezone: config.timezone },
  }),
};
