import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gammaShapeFor, poissonCdf } from './distributions.js';
import {
  classifyCount, classifyRate, classifyRatio, countControlLimits, funnelRange, logSpaced, METHOD, POSITION_WORDS,
  rateControlLimits, rateFunnelCurve, ratioControlLimits, ratioFunnelCurve,
} from './funnel.js';
import { exactPoissonInterval, Z_95, Z_998 } from './rates.js';

const relative = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);

describe('funnel control limits for standardised ratios', () => {
  it('says which method it uses', () => {
    expect(METHOD).toMatch(/Exact Poisson/);
    expect(METHOD).toMatch(/1\.959964/);
    expect(METHOD).toMatch(/3\.090232/);
  });

  // PHE's own test data for its funnel plot tool for ratios (UKHSA PHEindicatormethods,
  // tests/testthat/testdata_funnel_ratio_outputs.csv): for an observed count O on a limit, the expected
  // count E at which it sits there and the ratio × 100. Expected counts are published to 10 digits.
  const published: [string, number, number, keyof NonNullable<ReturnType<typeof ratioControlLimits>>][] = [
    ['O = 1, lower 95%', 5.571644585, 17.94802207, 'lower95'],
    ['O = 10, lower 95%', 18.39035799, 54.3763205, 'lower95'],
    ['O = 100, lower 95%', 121.6268111, 82.21871402, 'lower95'],
    ['O = 100, upper 95%', 81.36400699, 122.9044681, 'upper95'],
    ['O = 5, upper 95%', 1.623486324, 307.979188, 'upper95'],
    ['O = 100, lower 99.8%', 134.9243187, 74.11562345, 'lower998'],
    ['O = 100, upper 99.8%', 71.92139974, 139.0406755, 'upper998'],
    ['O = 716, lower 99.8%', 802.60414, 89.20960712, 'lower998'],
    ['O = 716, upper 99.8%', 636.1521174, 112.5516964, 'upper998'],
  ];
  it.each(published)('matches PHE funnel plot test data: %s (E = %d, ratio × 100 = %d)', (_label, expected, ratioTimes100, key) => {
    const limits = ratioControlLimits(expected)!;
    relative(limits[key] as number, ratioTimes100 / 100, 2e-6);
  });

  it('by hand: with 1 event expected, 0 events is within 95% (P = e^-1 = 0.37) and the upper 95% count is the shape with P(U, 1) = 2.5%', () => {
    const limits = countControlLimits(1)!;
    expect(limits.lower).toBe(0); // no count is too low when only one is expected
    // The upper limit is the continuous count U with P(Y >= U) = 2.5%: between 3 and 4 events, since
    // P(Y >= 3 | 1) = 1 - e^-1 × 2.5 = 0.080 and P(Y >= 4 | 1) = 1 - e^-1 × 8/3 = 0.019.
    expect(limits.upper).toBeGreaterThan(3);
    expect(limits.upper).toBeLessThan(4);
    expect(1 - poissonCdf(2, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
  });

  it('are the exact confidence limits read the other way round (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), (observed) => {
      // E at the exact upper confidence limit of O puts O on the lower control limit of E, and vice versa.
      const ci = exactPoissonInterval(observed, Z_95);
      relative(countControlLimits(ci.upper)!.lower, observed, 1e-7);
      relative(countControlLimits(ci.lower)!.upper, observed, 1e-7);
    }));
  });

  it('widen as z grows and narrow (as ratios) as the expected count grows (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 50_000, noNaN: true }), fc.double({ min: 1.01, max: 3, noNaN: true }), (expected, growth) => {
      const small = ratioControlLimits(expected)!;
      const large = ratioControlLimits(expected * growth)!;
      expect(small.upper998).toBeGreaterThan(small.upper95);
      expect(small.lower998).toBeLessThanOrEqual(small.lower95);
      expect(large.upper95).toBeLessThan(small.upper95);
      expect(large.lower95).toBeGreaterThanOrEqual(small.lower95);
      expect(small.lower95).toBeLessThan(1);
      expect(small.upper95).toBeGreaterThan(1);
    }));
    const z2 = countControlLimits(100, 2)!;
    const z3 = countControlLimits(100, 3)!;
    expect(z3.upper).toBeGreaterThan(z2.upper);
    expect(z3.lower).toBeLessThan(z2.lower);
  });

  it('close in on 1 for a very large expected count', () => {
    const limits = ratioControlLimits(1_000_000)!;
    expect(limits.upper998 - 1).toBeLessThan(0.0032);
    expect(1 - limits.lower998).toBeLessThan(0.0032);
  });

  it('nothing expected: no limits, "not assessable"', () => {
    expect(ratioControlLimits(0)).toBeNull();
    expect(ratioControlLimits(Number.NaN)).toBeNull();
    expect(classifyRatio(3, 0)).toBe('not assessable');
    expect(rateControlLimits(0, 0.2)).toBeNull();
  });
});

describe('classifying practices', () => {
  it('by hand against the limits for 100 expected (95%: about 81.4 to 121.6; 99.8%: about 72 to 135)', () => {
    expect(classifyRatio(100, 100)).toBe('within');
    expect(classifyRatio(125, 100)).toBe('above 95%');
    expect(classifyRatio(140, 100)).toBe('above 99.8%');
    expect(classifyRatio(78, 100)).toBe('below 95%');
    expect(classifyRatio(65, 100)).toBe('below 99.8%');
    expect(POSITION_WORDS['above 99.8%']).toMatch(/alarm/);
  });
  it('a count exactly on a limit is within', () => {
    const limits = countControlLimits(100, Z_95)!;
    expect(classifyCount(limits.upper, 100)).toBe('within');
  });
  it('crude rates: target rate × list size is the expected count', () => {
    // 250 per 1,000 target, 400 patients: 100 expected
    expect(classifyRate(140, 400, 0.25)).toBe('above 99.8%');
    expect(classifyRate(100, 400, 0.25)).toBe('within');
    const limits = rateControlLimits(400, 0.25)!;
    relative(limits.upper95, (ratioControlLimits(100)!.upper95) * 250, 1e-12);
  });
  it('an in-control practice falls above the upper 95% limit at most 2.5% of the time (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.2, max: 5000, noNaN: true }), (expected) => {
      const upper = countControlLimits(expected, Z_95)!.upper;
      // P(Y > U) = P(Y >= floor(U) + 1)
      expect(1 - poissonCdf(Math.floor(upper), expected)).toBeLessThanOrEqual(0.025 + 1e-9);
      const upperAlarm = countControlLimits(expected, Z_998)!.upper;
      expect(1 - poissonCdf(Math.floor(upperAlarm), expected)).toBeLessThanOrEqual(0.001 + 1e-9);
    }));
  });
});

describe('curves for plotting', () => {
  it('log-spaces the points, both ends included', () => {
    const xs = logSpaced(1, 1000, 4);
    expect(xs[0]).toBe(1);
    expect(xs[1]).toBeCloseTo(10, 10);
    expect(xs[2]).toBeCloseTo(100, 10);
    expect(xs[3]).toBe(1000);
    expect(() => logSpaced(0, 10, 5)).toThrow(RangeError);
    expect(() => logSpaced(1, 10, 1)).toThrow(RangeError);
  });
  it('draws 120 smooth points by default, monotone funnels', () => {
    const curve = ratioFunnelCurve(1, 100_000);
    expect(curve).toHaveLength(120);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.upper95).toBeLessThan(curve[i - 1]!.upper95);
      expect(curve[i]!.lower95).toBeGreaterThanOrEqual(curve[i - 1]!.lower95);
    }
    expect(curve.every((p) => Object.values(p).every(Number.isFinite))).toBe(true);
  });
  it('rate curves are on the per-1,000 scale', () => {
    const curve = rateFunnelCurve(500, 20_000, 0.3, 1000, 10);
    expect(curve).toHaveLength(10);
    expect(curve.at(-1)!.lower95).toBeLessThan(300);
    expect(curve.at(-1)!.upper95).toBeGreaterThan(300);
  });
  it('picks a range around the practices, ignoring zeros', () => {
    expect(funnelRange([0, 50, 200])).toEqual({ min: 40, max: 240 });
    expect(funnelRange([0, Number.NaN])).toBeNull();
  });
  it('the continuous limit agrees with the gamma shape directly', () => {
    expect(countControlLimits(20, Z_95)!.upper).toBeCloseTo(gammaShapeFor(0.025000000, 20), 4);
  });
});
