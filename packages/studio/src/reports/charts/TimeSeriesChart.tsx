import type { ReactNode } from 'react';
import { ChartShell } from './ChartShell.tsx';
import type { ChartSeries } from './chart-types.ts';
import { type PlotArea, plotArea } from './plot-area.ts';
import { labelIndexes, linearScale } from './scale.ts';

export interface TimeSeriesChartProps {
  title: string;
  description: string;
  /** line: a line per series; area: filled lines; bar: bars, stacked when there are several series. */
  kind: 'line' | 'area' | 'bar';
  /** One label per category (e.g. the bucket's start, formatted). */
  categories: readonly string[];
  series: readonly ChartSeries[];
  formatValue(value: number): string;
  /** Counts: ticks on whole numbers only. */
  wholeNumbers?: boolean;
  height?: number;
}

/** A chart over time (or any ordered categories) with a value axis, gridlines, tooltips and a data table. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const height = props.height ?? 200;
  const count = props.categories.length;
  const stacked = props.kind === 'bar';
  const totals = props.categories.map((_, index) =>
    props.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0),
  );
  const scale = linearScale(
    stacked ? totals : props.series.flatMap((series) => series.values),
    height < 160 ? 2 : 4,
    props.wholeNumbers ? 1 : 0,
  );
  const band = (width: number) => plotArea(width, height).width / Math.max(1, count);
  const centre = (index: number, width: number) => plotArea(width, height).left + band(width) * (index + 0.5);
  return (
    <ChartShell
      title={props.title}
      description={props.description}
      height={height}
      legend={props.series.map((series) => ({ label: series.label, color: series.color }))}
      table={{
        columns: ['Period', ...props.series.map((series) => series.label)],
        rows: props.categories.map((category, index) => [
          category,
          ...props.series.map((series) => formatOrDash(series.values[index] ?? null, props.formatValue)),
        ]),
      }}
      count={count}
      locate={(index, width) => {
        const area = plotArea(width, height);
        const top = stacked
          ? (totals[index] ?? 0)
          : Math.max(...props.series.map((s) => s.values[index] ?? 0));
        return { x: centre(index, width), y: area.bottom - scale.toPixels(top, area.height) };
      }}
      indexAt={(x, _y, width) => {
        const area = plotArea(width, height);
        if (x < area.left || x > area.left + area.width || count === 0) return null;
        return Math.min(count - 1, Math.floor((x - area.left) / band(width)));
      }}
      tooltip={(index) => ({
        heading: props.categories[index] ?? '',
        lines: props.series.map((series) => ({
          label: series.label,
          value: formatOrDash(series.values[index] ?? null, props.formatValue),
          color: series.color,
        })),
      })}
    >
      {(width, active) => {
        const area = plotArea(width, height);
        const y = (value: number) => area.bottom - scale.toPixels(value, area.height);
        const x = (index: number) => centre(index, width);
        return (
          <>
            <ValueAxis area={area} ticks={scale.ticks} y={y} format={props.formatValue} />
            <CategoryAxis area={area} categories={props.categories} x={x} />
            {props.kind === 'bar'
              ? stackedBars(props.series, band(width), x, y)
              : props.series.map((series) => (
                  <SeriesLine
                    key={series.label}
                    series={series}
                    fill={props.kind === 'area'}
                    x={x}
                    y={y}
                    base={area.bottom}
                  />
                ))}
            {active !== null && active < count && (
              <ActiveMarker
                kind={props.kind}
                x={x(active)}
                area={area}
                series={props.series}
                index={active}
                y={y}
              />
            )}
          </>
        );
      }}
    </ChartShell>
  );
}

function formatOrDash(value: number | null, format: (value: number) => string): string {
  return value === null ? '—' : format(value);
}

function ValueAxis(props: {
  area: PlotArea;
  ticks: number[];
  y(value: number): number;
  format(value: number): string;
}) {
  const { area } = props;
  return (
    <g>
      {props.ticks.map((tick) => (
        <g key={tick}>
          <line
            className="chart-grid"
            x1={area.left}
            x2={area.left + area.width}
            y1={props.y(tick)}
            y2={props.y(tick)}
          />
          <text x={area.left - 6} y={props.y(tick)} textAnchor="end" dominantBaseline="middle">
            {props.format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

function CategoryAxis(props: { area: PlotArea; categories: readonly string[]; x(index: number): number }) {
  const { area } = props;
  const longest = Math.max(4, ...props.categories.map((category) => category.length));
  return (
    <g>
      <line
        className="chart-axis"
        x1={area.left}
        x2={area.left + area.width}
        y1={area.bottom}
        y2={area.bottom}
      />
      {labelIndexes(props.categories.length, area.width, longest * 6.2 + 12).map((index) => (
        <text key={index} x={props.x(index)} y={area.bottom + 15} textAnchor="middle">
          {props.categories[index]}
        </text>
      ))}
    </g>
  );
}

function stackedBars(
  series: readonly ChartSeries[],
  band: number,
  x: (index: number) => number,
  y: (value: number) => number,
): ReactNode {
  const barWidth = Math.max(1, Math.min(40, band * 0.7));
  const count = series[0]?.values.length ?? 0;
  const bars: ReactNode[] = [];
  for (let index = 0; index < count; index++) {
    let base = 0;
    for (const item of series) {
      const value = item.values[index] ?? 0;
      if (value <= 0) continue;
      bars.push(
        <rect
          key={`${item.label}-${index}`}
          x={x(index) - barWidth / 2}
          width={barWidth}
          y={y(base + value)}
          height={Math.max(1, y(base) - y(base + value))}
          fill={item.color}
          rx={1}
        />,
      );
      base += value;
    }
  }
  return <g>{bars}</g>;
}

/** Consecutive defined points: a line breaks where a value is null. */
export function segments(values: readonly (number | null)[]): { index: number; value: number }[][] {
  const runs: { index: number; value: number }[][] = [];
  let current: { index: number; value: number }[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length > 0) runs.push(current);
  return runs;
}

function SeriesLine(props: {
  series: ChartSeries;
  fill: boolean;
  base: number;
  x(index: number): number;
  y(value: number): number;
}) {
  const { series, x, y } = props;
  return (
    <g>
      {segments(series.values).map((run) => {
        const first = run[0];
        const last = run[run.length - 1];
        if (!first || !last) return null;
        const line = run
          .map((point, order) => `${order === 0 ? 'M' : 'L'}${x(point.index)},${y(point.value)}`)
          .join('');
        return (
          <g key={first.index}>
            {props.fill && (
              <path
                d={`${line}L${x(last.index)},${props.base}L${x(first.index)},${props.base}Z`}
                fill={series.color}
                opacity={0.15}
              />
            )}
            <path d={line} fill="none" stroke={series.color} strokeWidth={2} strokeLinejoin="round" />
            {run.length === 1 && <circle cx={x(first.index)} cy={y(first.value)} r={3} fill={series.color} />}
          </g>
        );
      })}
    </g>
  );
}

function ActiveMarker(props: {
  kind: TimeSeriesChartProps['kind'];
  x: number;
  area: PlotArea;
  series: readonly ChartSeries[];
  index: number;
  y(value: number): number;
}) {
  return (
    <g pointerEvents="none">
      <line className="chart-cursor" x1={props.x} x2={props.x} y1={props.area.top} y2={props.area.bottom} />
      {props.kind !== 'bar' &&
        props.series.map((series) => {
          const value = series.values[props.index];
          return value === null || value === undefined ? null : (
            <circle
              key={series.label}
              cx={props.x}
              cy={props.y(value)}
              r={4}
              fill="#fff"
              stroke={series.color}
              strokeWidth={2}
            />
          );
        })}
    </g>
  );
}
