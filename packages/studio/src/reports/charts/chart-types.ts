/** What the chart components are given: plain numbers with labels and colours. */

export interface ChartSeries {
  label: string;
  /** A CSS colour; every series also has a legend entry and a column in the hidden table. */
  color: string;
  /** One value per category; null = no data there (a line breaks, a bar is absent). */
  values: readonly (number | null)[];
}

export interface TooltipContent {
  heading: string;
  lines: { label: string; value: string; color?: string }[];
}

/** The same data as a table, for screen readers (and anyone who prefers to read numbers). */
export interface ChartTable {
  columns: string[];
  rows: string[][];
}

export const CHART_COLORS = {
  primary: '#3b5bdb',
  secondary: '#e8590c',
  success: '#2b8a3e',
  danger: '#c92a2a',
  violet: '#7048e8',
  teal: '#0c8599',
} as const;
