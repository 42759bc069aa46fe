import { EngineError } from '../errors/engine-error.ts';

/**
 * A file that cannot be imported as a flow: not parsable, or holding something other than data
 * (a call, an imported value). The message starts with `file:line:column` when the place is known.
 */
export class ImportError extends EngineError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, place: { file?: string; line?: number; column?: number } = {}) {
    super('IMPORT_INVALID', `${describePlace(place)}${message}`);
    this.file = place.file;
    this.line = place.line;
  }
}

function describePlace({ file, line, column }: { file?: string; line?: number; column?: number }): string {
  if (file === undefined) return '';
  if (line === undefined) return `${file}: `;
  return column === undefined ? `${file}:${line}: ` : `${file}:${line}:${column}: `;
}
