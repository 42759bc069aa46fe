import { type KeyboardEvent, type PointerEvent, type ReactNode, useId, useState } from 'react';
import type { ChartTable, TooltipContent } from './chart-types.ts';
import { useContainerWidth } from './use-container-width.ts';
import './charts.css';

export interface ChartShellProps {
  title: string;
  /** One or two sentences that say what the chart shows; read by screen readers as the SVG's <desc>. */
  description: string;
  height: number;
  legend?: { label: string; color: string }[];
  table: ChartTable;
  /** Number of points a person can step through with the arrow keys. */
  count: number;
  /** Where point `index` sits in a plot `width` px wide: the tooltip is placed there. */
  locate(index: number, width: number): { x: number; y: number };
  /** The point under the pointer, if any. */
  indexAt(x: number, y: number, width: number): number | null;
  tooltip(index: number): TooltipContent;
  /** The SVG's drawing for the measured width, with the active point highlighted. */
  children(width: number, active: number | null): ReactNode;
}

const KEY_STEPS: Record<string, (index: number, last: number) => number> = {
  ArrowRight: (index, last) => Math.min(last, index + 1),
  ArrowDown: (index, last) => Math.min(last, index + 1),
  ArrowLeft: (index) => Math.max(0, index - 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, last) => last,
};

/**
 * The frame every chart shares: measures its container (charts follow a phone's width), draws an SVG with a
 * <title> and <desc>, shows a tooltip for the point under the pointer or the one chosen with the arrow keys
 * (the plot is one tab stop, a slider whose value text reads that point), and carries the data as a visually
 * hidden table.
 */
export function ChartShell(props: ChartShellProps) {
  const { ref, width } = useContainerWidth<HTMLDivElement>();
  const [active, setActive] = useState<number | null>(null);
  const id = useId();
  const last = props.count - 1;

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      setActive(null);
      return;
    }
    const step = KEY_STEPS[event.key];
    if (!step || last < 0) return;
    event.preventDefault();
    setActive(step(active ?? (event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? last + 1 : -1), last));
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    setActive(props.indexAt(event.clientX - box.left, event.clientY - box.top, width));
  }

  const tip = active !== null && active <= last ? props.tooltip(active) : null;
  const where = active !== null && tip ? props.locate(active, width) : null;
  return (
    <figure className="chart">
      <figcaption className="chart-heading">
        <span className="chart-title">{props.title}</span>
        {props.legend && props.legend.length > 0 && (
          <span className="chart-legend">
            {props.legend.map((item) => (
              <span key={item.label} className="chart-legend-item">
                <span className="chart-swatch" style={{ background: item.color }} aria-hidden="true" />
                {item.label}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <div ref={ref} className="chart-plot" style={{ height: props.height }}>
        {width > 0 && (
          <svg
            width={width}
            height={props.height}
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-desc`}
          >
            <title id={`${id}-title`}>{props.title}</title>
            <desc id={`${id}-desc`}>{props.description}</desc>
            {props.children(width, active)}
          </svg>
        )}
        {/* One tab stop over the plot (a sibling of the SVG, whose title and description stay readable): a
            slider over the points, whose arrow keys pick the point the tooltip shows and whose value reads it. */}
        <div
          className="chart-focus"
          role="slider"
          tabIndex={0}
          aria-label={`${props.title}: choose a point with the arrow keys`}
          aria-valuemin={0}
          aria-valuemax={Math.max(0, last)}
          aria-valuenow={active ?? 0}
          aria-valuetext={
            tip
              ? `${tip.heading}: ${tip.lines.map((line) => `${line.label} ${line.value}`).join(', ')}`
              : 'no point chosen'
          }
          onKeyDown={onKeyDown}
          onFocus={() => setActive((current) => current ?? (last >= 0 ? last : null))}
          onBlur={() => setActive(null)}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setActive(null)}
        />
        {tip && where && <ChartTooltip content={tip} x={where.x} y={where.y} width={width} />}
      </div>
      <HiddenTable title={props.title} table={props.table} />
    </figure>
  );
}

function ChartTooltip({
  content,
  x,
  y,
  width,
}: {
  content: TooltipContent;
  x: number;
  y: number;
  width: number;
}) {
  const flip = x > width / 2;
  return (
    <div
      className="chart-tooltip"
      aria-hidden="true"
      style={{
        top: Math.max(0, y - 12),
        ...(flip ? { right: Math.max(0, width - x + 10) } : { left: Math.max(0, x + 10) }),
      }}
    >
      <strong>{content.heading}</strong>
      {content.lines.map((line) => (
        <span key={line.label} className="chart-tooltip-line">
          {line.color && <span className="chart-swatch" style={{ background: line.color }} />}
          {line.label}: <b>{line.value}</b>
        </span>
      ))}
    </div>
  );
}

function HiddenTable({ title, table }: { title: string; table: ChartTable }) {
  return (
    <table className="visually-hidden">
      <caption>{title}</caption>
      <thead>
        <tr>
          {table.columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.join('|')}>
            {row.map((cell, index) =>
              index === 0 ? (
                <th key={table.columns[index]} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={table.columns[index]}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
