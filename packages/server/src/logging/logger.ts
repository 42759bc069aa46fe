import { type Logger, pino } from 'pino';
import { redactSecrets } from './redact-secrets.ts';

/**
 * The last line of defence, on each serialized line: credentials of a recognisable shape that reached
 * a message or an error (an error quoting a header, say). Flowgate API keys (`fg_` + base62), JWTs
 * (access tokens), and whatever follows `Bearer `.
 */
const CREDENTIAL_TEXT = /fg_[0-9A-Za-z]{16,}|eyJ[\w-]+\.[\w-]+\.[\w-]*|(Bearer\s+)[^\s"\\]+/gi;

export function scrubCredentials(line: string): string {
  return line.replace(CREDENTIAL_TEXT, (match: string, bearer: string | undefined) => {
    if (bearer !== undefined) return `${bearer}[redacted]`;
    return match.startsWith('fg_') ? 'fg_[redacted]' : '[redacted]';
  });
}

/**
 * JSON lines on stderr (or `destination`). Two layers keep credentials out (DESIGN §5): fields and
 * headers named like secrets are replaced in logged objects at any depth (redact-secrets.ts), and
 * credential-shaped text is scrubbed from each finished line. Pino's own path redaction is not used:
 * its wildcard paths cost ~10 µs a line, which the request log would pay on every request.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'flowgate' },
      formatters: { log: redactSecrets },
      hooks: { streamWrite: scrubCredentials },
    },
    destination ?? process.stderr,
  );
}

export type { Logger };
