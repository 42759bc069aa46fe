import type { ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  /** e.g. "num" (right-aligned figures), "mono", "nowrap". */
  className?: string;
}

interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** Names the table for screen readers (shown visually hidden). */
  caption: string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  testId?: string;
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen, so the page never does. The
 * box is focusable so the keyboard can scroll it.
 */
export function DataTable<Row>({ columns, rows, rowKey, caption, empty, testId }: DataTableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
    <section className="table-scroll" aria-label={caption} tabIndex={0}>
      <table className="table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
