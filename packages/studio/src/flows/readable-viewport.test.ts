import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableViewport } from './readable-viewport.ts';

describe('readableViewport', () => {
  it('centres a flow that fits, never zooming past 1', () => {
    const viewport = readableViewport({ x: 0, y: 0, width: 400, height: 100 }, { width: 800, height: 600 });
    expect(viewport).toEqual({ zoom: 1, x: 200, y: 250 });
  });

  it('starts a long flow at its left end at a readable zoom instead of shrinking it', () => {
    const viewport = readableViewport(
      { x: -50, y: 0, width: 3000, height: 100 },
      { width: 600, height: 500 },
    );
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    expect(viewport.x).toBeCloseTo(24 + 50 * READABLE_ZOOM);
  });
});
