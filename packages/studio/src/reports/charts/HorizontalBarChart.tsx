import { ChartShell } from './ChartShell.tsx';
import type { ChartSeries } from './chart-types.ts';
import { linearScale } from './scale.ts';

export interface HorizontalBarChartProps {
  title: string;
  description: string;
  /** One bar per label (e.g. per flow); the series are stacked along the bar. */
  labels: readonly string[];
  series: readonly ChartSeries[];
  formatValue(value: number): string;
  /** Counts: ticks on whole numbers only. */
  wholeNumbers?: boolean;
}

const ROW = 30;
const AXIS = 22;

/** Bars side by side for comparing things (flows), largest first as given; stacked series share a bar. */
export function HorizontalBarChart(props: HorizontalBarChartProps) {
  const count = props.labels.length;
  const height = Math.max(1, count) * ROW + AXIS;
  const totals = props.labels.map((_, index) =>
    props.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0),
  );
  const scale = linearScale(totals, 3, props.wholeNumbers ? 1 : 0);
  const labelWidth = (width: number) => Math.min(170, Math.max(80, width * 0.32));
  const plotWidth = (width: number) => Math.max(10, width - labelWidth(width) - 16);
  const barX = (value: number, width: number) => labelWidth(width) + scale.toPixels(value, plotWidth(width));
  return (
    <ChartShell
      title={props.title}
      description={props.description}
      height={height}
      legend={props.series.length > 1 ? props.series.map((s) => ({ label: s.label, color: s.color })) : []}
      table={{
        columns: ['Name', ...props.series.map((series) => series.label)],
        rows: props.labels.map((label, index) => [
          label,
          ...props.series.map((series) => props.formatValue(series.values[index] ?? 0)),
        ]),
      }}
      count={count}
      locate={(index, width) => ({ x: barX(totals[index] ?? 0, width), y: index * ROW + ROW / 2 })}
      indexAt={(_x, y) => (y < 0 || y >= count * ROW ? null : Math.floor(y / ROW))}
      tooltip={(index) => ({
        heading: props.labels[index] ?? '',
        lines: props.series.map((series) => ({
          label: series.label,
          value: props.formatValue(series.values[index] ?? 0),
          color: series.color,
        })),
      })}
    >
      {(width, active) => {
        const left = labelWidth(width);
        const maxChars = Math.floor((left - 8) / 6.5);
        return (
          <>
            {scale.ticks.map((tick) => (
              <g key={tick}>
                <line
                  className="chart-grid"
                  x1={barX(tick, width)}
                  x2={barX(tick, width)}
                  y1={0}
                  y2={count * ROW}
                />
                <text x={barX(tick, width)} y={count * ROW + 15} textAnchor="middle">
                  {props.formatValue(tick)}
                </text>
              </g>
            ))}
            {props.labels.map((label, index) => {
              let base = 0;
              const top = index * ROW + 6;
              return (
                <g key={label} opacity={active === null || active === index ? 1 : 0.55}>
                  <text x={left - 8} y={index * ROW + ROW / 2} textAnchor="end" dominantBaseline="middle">
                    {label.length > maxChars ? `${label.slice(0, Math.max(1, maxChars - 1))}…` : label}
                  </text>
                  {props.series.map((series) => {
                    const value = series.values[index] ?? 0;
                    const x = barX(base, width);
                    base += value;
                    return value > 0 ? (
                      <rect
                        key={series.label}
                        x={x}
                        y={top}
                        width={Math.max(1, barX(base, width) - x)}
                        height={ROW - 12}
                        fill={series.color}
                        rx={2}
                      />
                    ) : null;
                  })}
                </g>
              );
            })}
            <line className="chart-axis" x1={left} x2={left} y1={0} y2={count * ROW} />
          </>
        );
      }}
    </ChartShell>
  );
}
