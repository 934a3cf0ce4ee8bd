import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';

describe('wilsonInterval', () => {
  it('matches a hand computation: 8 of 20 at z = 1.96', () => {
    // p = 0.4, z² = 3.8416, z²/n = 0.19208, 1 + z²/n = 1.19208
    // centre = (0.4 + 0.09604) / 1.19208 = 0.416113
    // half = 1.96 / 1.19208 × √(0.24/20 + 3.8416/1600) = 1.644185 × √0.0144010 = 0.197309
    const ci = wilsonInterval(8, 20, 1.96)!;
    expect(ci.lower).toBeCloseTo(0.416113 - 0.197309, 5);
    expect(ci.upper).toBeCloseTo(0.416113 + 0.197309, 5);
  });

  it.each([
    // Newcombe RG. Two-sided confidence intervals for the single proportion. Stat Med 1998;17:857–72, Table I, method 3.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i: %f to %f (Newcombe 1998)', (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it('stays inside [0, 1] and is exact at the ends', () => {
    expect(wilsonInterval(10, 10)).toMatchObject({ upper: 1 });
    expect(wilsonInterval(0, 10)).toMatchObject({ lower: 0 });
    expect(wilsonInterval(10, 10)!.lower).toBeCloseTo(0.7225, 4);
  });

  it('has no interval (not NaN) for no attendances, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });
});
