import type { Rect } from '@xyflow/react';

/** Below this zoom a node's text is too small to read; a flow too long for the canvas starts at its trigger. */
export const READABLE_ZOOM = 0.7;
const PADDING = 24;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The whole flow when it fits at a readable zoom, else its left end (where the trigger is, in a left-to-right
 * layout) at the readable zoom, to be panned from there.
 */
export function readableViewport(bounds: Rect, canvas: { width: number; height: number }): Viewport {
  const fit = Math.min(
    (canvas.width - 2 * PADDING) / Math.max(bounds.width, 1),
    (canvas.height - 2 * PADDING) / Math.max(bounds.height, 1),
  );
  const zoom = Math.min(1, Math.max(fit, READABLE_ZOOM));
  const fitsWide = bounds.width * zoom <= canvas.width - 2 * PADDING;
  const fitsTall = bounds.height * zoom <= canvas.height - 2 * PADDING;
  return {
    zoom,
    x: fitsWide ? (canvas.width - bounds.width * zoom) / 2 - bounds.x * zoom : PADDING - bounds.x * zoom,
    y: fitsTall ? (canvas.height - bounds.height * zoom) / 2 - bounds.y * zoom : PADDING - bounds.y * zoom,
  };
}
