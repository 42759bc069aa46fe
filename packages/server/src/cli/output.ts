/** `--json` prints one JSON document on stdout and nothing else; otherwise a few readable lines. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

export function time(epochMs: number | null): string {
  return epochMs === null ? '-' : new Date(epochMs).toISOString();
}
