/** The arithmetic of our charts: value axes with round ticks, and which category labels fit. */

export interface LinearScale {
  /** The top of the axis: a round number at or above the data's maximum. */
  max: number;
  ticks: number[];
  /** Maps a value to a pixel offset from the bottom of the plot (0 … height). */
  toPixels(value: number, height: number): number;
}

/** A round step (1, 2, 2.5 or 5 × 10^n) that cuts `max` into about `count` parts. */
export function niceStep(max: number, count: number): number {
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A scale from 0 to a round maximum covering every value. An empty or all-zero series still gets an axis
 * (0 … 1) so the chart says "nothing happened" rather than collapsing. `minStep` 1 keeps counts whole.
 */
export function linearScale(values: readonly (number | null)[], tickCount = 4, minStep = 0): LinearScale {
  const dataMax = Math.max(
    0,
    ...values.filter((value): value is number => value !== null && Number.isFinite(value)),
  );
  const step = Math.max(minStep, dataMax === 0 ? 0.25 : niceStep(dataMax, tickCount));
  const max = dataMax === 0 ? Math.max(1, step) : Math.ceil(dataMax / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { max, ticks, toPixels: (value, height) => (max === 0 ? 0 : (value / max) * height) };
}

/** Indexes of the categories to label so that labels `labelWidth` px wide do not overlap in `width` px. */
export function labelIndexes(count: number, width: number, labelWidth: number): number[] {
  if (count === 0) return [];
  const fit = Math.max(1, Math.floor(width / labelWidth));
  const every = Math.ceil(count / fit);
  const indexes: number[] = [];
  for (let index = 0; index < count; index += every) indexes.push(index);
  return indexes;
}
