import { describe, expect, it } from 'vitest';
import { labelIndexes, linearScale, niceStep } from './scale.ts';

describe('chart scales', () => {
  it('picks round steps', () => {
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(0.9, 4)).toBeCloseTo(0.25);
    expect(niceStep(4200, 4)).toBe(2000);
  });

  it('covers the data with round ticks from zero', () => {
    const scale = linearScale([3, null, 17, 9]);
    expect(scale.max).toBe(20);
    expect(scale.ticks).toEqual([0, 5, 10, 15, 20]);
    expect(scale.toPixels(10, 200)).toBe(100);
  });

  it('still draws an axis when nothing happened', () => {
    const scale = linearScale([0, null]);
    expect(scale.max).toBe(1);
    expect(scale.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linearScale([]).max).toBe(1);
  });

  it('keeps ticks whole for counts', () => {
    expect(linearScale([1], 4, 1).ticks).toEqual([0, 1]);
    expect(linearScale([0], 4, 1).ticks).toEqual([0, 1]);
    expect(linearScale([7], 4, 1).ticks).toEqual([0, 2, 4, 6, 8]);
  });

  it('labels as many categories as fit', () => {
    expect(labelIndexes(24, 960, 80)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    expect(labelIndexes(3, 300, 80)).toEqual([0, 1, 2]);
    expect(labelIndexes(0, 300, 80)).toEqual([]);
    expect(labelIndexes(30, 50, 80)).toEqual([0]);
  });
});
