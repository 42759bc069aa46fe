/**
 * What a request looks like in a run trace: values of credential-like headers and query
 * parameters are replaced, and so is any project secret wherever it appears. Traces are stored and
 * shown in the Studio, so they must never hold a key (DESIGN §5).
 */
const SENSITIVE_NAME =
  /authorization|cookie|token|secret|password|passwd|api[-_]?key|apikey|signature|session|credential|private|^key$|[-_]key$/i;

export const REDACTED = '[redacted]';

export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    redacted[name] = SENSITIVE_NAME.test(name) ? REDACTED : maskSecrets(value, secrets);
  }
  return redacted;
}

export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskSecrets(url, secrets);
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SENSITIVE_NAME.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return maskSecrets(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED), secrets);
}

/** Secrets shorter than 4 characters would mask ordinary text; they are left alone. */
function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      masked = masked.replaceAll(secret, REDACTED);
      masked = masked.replaceAll(encodeURIComponent(secret), REDACTED);
    }
  }
  return masked;
}
