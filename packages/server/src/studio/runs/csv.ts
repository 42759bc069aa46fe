/**
 * CSV (RFC 4180): a field holding a comma, a double quote, CR or LF is quoted, quotes doubled. Text
 * that a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so opening an export never runs what a payload carried.
 */
export type CsvCell = string | number | null;

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
