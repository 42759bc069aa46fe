/** Between epoch ms and the `datetime-local` input's "2026-11-27T14:05" (the reader's own time zone). */
export function toLocalInput(epochMs: number | null): string {
  if (epochMs === null) return '';
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (value === '') return null;
  const epochMs = new Date(value).getTime();
  return Number.isNaN(epochMs) ? null : epochMs;
}
