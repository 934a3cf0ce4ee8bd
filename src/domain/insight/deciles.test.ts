import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decileOf, deciles, nearestRankPercentile } from './deciles.js';

const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

describe('nearest-rank deciles', () => {
  it('by hand: 1..10 has cuts 1, 2, … 9', () => {
    expect(deciles(oneToTen)!.map((c) => c.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(decileOf(1, deciles(oneToTen))).toBe(1);
    expect(decileOf(10, deciles(oneToTen))).toBe(10);
    expect(decileOf(5.5, deciles(oneToTen))).toBe(6);
  });
  it('by hand: the 30th percentile of 20 values is the 6th smallest (rank ⌈0.3 × 20⌉)', () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(nearestRankPercentile(values, 30)).toBe(60);
    expect(nearestRankPercentile([7], 10)).toBe(7);
  });
  it('leaves out nulls and non-numbers; no values gives null', () => {
    expect(deciles([null, 3, Number.NaN, null])!.every((c) => c.value === 3)).toBe(true);
    expect(deciles([null, null])).toBeNull();
    expect(deciles([])).toBeNull();
    expect(decileOf(null, deciles(oneToTen))).toBeNull();
    expect(decileOf(3, null)).toBeNull();
  });
  it('ties share a decile', () => {
    const values = [1, 2, 2, 2, 2, 2, 2, 2, 9, 10];
    const cuts = deciles(values);
    expect(new Set(values.filter((v) => v === 2).map((v) => decileOf(v, cuts))).size).toBe(1);
  });
  it('cuts are values present, rising; deciles rise with the value (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null)), { minLength: 1, maxLength: 200 }), (values) => {
      const cuts = deciles(values);
      const present = values.filter((v): v is number => v !== null);
      if (present.length === 0) {
        expect(cuts).toBeNull();
        return;
      }
      for (let i = 0; i < cuts!.length; i++) {
        expect(present).toContain(cuts![i]!.value);
        if (i > 0) expect(cuts![i]!.value).toBeGreaterThanOrEqual(cuts![i - 1]!.value);
      }
      const sorted = [...present].sort((a, b) => a - b);
      const ds = sorted.map((v) => decileOf(v, cuts)!);
      for (let i = 1; i < ds.length; i++) expect(ds[i]!).toBeGreaterThanOrEqual(ds[i - 1]!);
      expect(ds.every((d) => d >= 1 && d <= 10)).toBe(true);
    }));
  });
});
