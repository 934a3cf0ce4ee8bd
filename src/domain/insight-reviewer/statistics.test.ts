import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, nearestRankPercentile, percentOf, share, wholePercents } from './statistics.js';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([3])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([0, 0, 1, 7])).toBe(0.5);
  });
});

describe('nearest-rank percentile', () => {
  it('is the smallest value with at least p% at or below it', () => {
    expect(nearestRankPercentile([], 90)).toBeNull();
    expect(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRankPercentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11], 90)).toBe(10); // rank ceil(9.9) = 10
    expect(nearestRankPercentile([0, 0, 0, 6], 90)).toBe(6);
    expect(nearestRankPercentile([2], 90)).toBe(2);
    expect(nearestRankPercentile([4, 1], 50)).toBe(1);
    expect(() => nearestRankPercentile([1], 0)).toThrow(RangeError);
  });

  it('always answers a value it was given, with at least p% of the values at or below it', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
      const v = nearestRankPercentile(values, p)!;
      expect(values).toContain(v);
      expect(values.filter((x) => x <= v).length * 100).toBeGreaterThanOrEqual(p * values.length);
      expect(values.filter((x) => x < v).length * 100).toBeLessThan(p * values.length);
    }));
  });
});

describe('whole percents', () => {
  it('add up to exactly 100 by largest remainder', () => {
    expect(wholePercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(wholePercents([2, 1, 0])).toEqual([67, 33, 0]);
    expect(wholePercents([0, 0])).toEqual([0, 0]);
    expect(wholePercents([7, 2, 1])).toEqual([70, 20, 10]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }).filter((c) => c.some((x) => x > 0)), (counts) => {
      const p = wholePercents(counts);
      expect(p.reduce((s, x) => s + x, 0)).toBe(100);
      const total = counts.reduce((s, c) => s + c, 0);
      p.forEach((x, i) => expect(Math.abs(x - (counts[i]! * 100) / total)).toBeLessThan(1));
    }));
  });

  it('gives single shares and percentages, null when there is nothing', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(1, 0)).toBeNull();
    expect(percentOf(1, 8)).toBe(13); // 12.5 rounds half up
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 0)).toBeNull();
  });
});
