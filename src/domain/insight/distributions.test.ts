import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chiSquareQuantile, gammaQuantile, gammaShapeFor, logGamma, normalCdf, normalQuantile, normalUpperTail,
  poissonCdf, regularisedGammaP, regularisedGammaQ,
} from './distributions.js';

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

describe('log-gamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    close(logGamma(1), 0);
    close(logGamma(10), Math.log(362_880));
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)));
    close(logGamma(171), 706.5730622457874, 1e-12); // ln(170!)
  });
  it('refuses what it cannot compute', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('regularised incomplete gamma', () => {
  it('has closed forms for a = 1 and a = 2', () => {
    for (const x of [0.01, 0.5, 1, 3, 10, 40]) {
      close(regularisedGammaP(1, x), 1 - Math.exp(-x), 1e-13);
      close(regularisedGammaQ(2, x), Math.exp(-x) * (1 + x), 1e-13);
    }
  });
  it('is 0 and 1 at the ends', () => {
    expect(regularisedGammaP(3, 0)).toBe(0);
    expect(regularisedGammaQ(3, 0)).toBe(1);
    expect(regularisedGammaP(3, Infinity)).toBe(1);
  });
  it('keeps tiny upper tails (Q) that 1 - P would lose', () => {
    // Q(1, 50) = e^-50
    close(regularisedGammaQ(1, 50), Math.exp(-50), 1e-10);
  });
  it('P + Q = 1 and P rises with x (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 2000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), (a, x) => {
      close(regularisedGammaP(a, x) + regularisedGammaQ(a, x), 1, 1e-12);
      expect(regularisedGammaP(a, x * 1.1 + 0.01)).toBeGreaterThanOrEqual(regularisedGammaP(a, x) - 1e-15);
    }));
  });
});

describe('Poisson distribution function', () => {
  it('matches hand sums', () => {
    // P(Y <= 3 | 2.5) = e^-2.5 (1 + 2.5 + 2.5²/2 + 2.5³/6)
    close(poissonCdf(3, 2.5), Math.exp(-2.5) * (1 + 2.5 + 3.125 + 15.625 / 6), 1e-13);
    close(poissonCdf(0, 4), Math.exp(-4), 1e-13);
    expect(poissonCdf(-1, 4)).toBe(0);
    expect(poissonCdf(5, 0)).toBe(1);
  });
  it('works for a large mean (normal-like, median near the mean)', () => {
    const p = poissonCdf(100_000, 100_000);
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(0.502);
  });
});

describe('quantiles against published tables', () => {
  it('standard normal: 1.959964 (97.5%) and 3.090232 (99.9%)', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-12);
    close(normalQuantile(0.999), 3.090232306167813, 1e-12);
    close(normalQuantile(0.025), -1.959963984540054, 1e-12);
    close(normalQuantile(0.5), 0, 1e-12);
    close(normalQuantile(1e-10), -6.361340902404056, 1e-9);
    close(normalCdf(1.959964), 0.975, 1e-7);
    close(normalUpperTail(3.090232), 0.001, 1e-6);
  });
  it('chi-square (Biometrika tables: 3.841 for df 1 at 95%, 7.378/0.0506 for df 2, 9.591 for df 20 at 2.5%, 29.588 for df 10 at 99.9%)', () => {
    close(chiSquareQuantile(0.95, 1), 3.841458820694124, 1e-9);
    close(chiSquareQuantile(0.975, 2), 7.377758908227871, 1e-9);
    close(chiSquareQuantile(0.025, 2), 0.050635615968580, 1e-9);
    close(chiSquareQuantile(0.025, 20), 9.590777392264867, 1e-9);
    close(chiSquareQuantile(0.975, 20), 34.16960690283833, 1e-9);
    close(chiSquareQuantile(0.999, 10), 29.58829844507442, 1e-9);
  });
  it('gamma quantile of shape 1 is -ln(1 - p)', () => {
    close(gammaQuantile(0.975, 1), -Math.log(0.025), 1e-10);
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Infinity);
  });
  it('quantile and distribution function are inverses (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.05, max: 5000, noNaN: true }), (p, a) => {
      close(regularisedGammaP(a, gammaQuantile(p, a)), p, 1e-9);
      close(normalCdf(normalQuantile(p)), p, 1e-12);
    }));
  });
  it('gammaShapeFor inverts P in its shape: P(2, 5.5716) = 0.975', () => {
    close(gammaShapeFor(0.975, 5.571643390938888), 2, 1e-9);
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.01, max: 1e5, noNaN: true }), (p, x) => {
      close(regularisedGammaP(gammaShapeFor(p, x), x), p, 1e-8);
    }));
  });
  it('refuses probabilities outside 0..1', () => {
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => gammaQuantile(-0.1, 2)).toThrow(RangeError);
    expect(() => gammaShapeFor(0, 2)).toThrow(RangeError);
  });
});
