import { type Logger, pino } from 'pino';

/** Header and field names that must never reach a log line. */
const REDACTED = [
  'authorization',
  'x-lamatic-signature',
  'headers.authorization',
  'headers["x-lamatic-signature"]',
  'req.headers.authorization',
  'req.headers["x-lamatic-signature"]',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.password',
  '*.token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'flowgate' }, redact: { paths: REDACTED, censor: '[redacted]' } },
    destination ?? process.stderr,
  );
}

export type { Logger };
