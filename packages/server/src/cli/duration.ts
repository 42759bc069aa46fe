const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `12h`, `30d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration; write it like 90s, 15m, 12h or 30d.`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}
