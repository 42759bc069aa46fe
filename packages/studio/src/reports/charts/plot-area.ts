/** The rectangle inside a chart where data is drawn, leaving room for the axes' labels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
  bottom: number;
}

export function plotArea(width: number, height: number, left = 46): PlotArea {
  const top = 8;
  const bottomAxis = 22;
  const right = 10;
  const plotHeight = Math.max(10, height - top - bottomAxis);
  return {
    left,
    top,
    width: Math.max(10, width - left - right),
    height: plotHeight,
    bottom: top + plotHeight,
  };
}
