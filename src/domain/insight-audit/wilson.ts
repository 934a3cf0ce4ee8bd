/**
 * Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3): better than the
 * "p ± 1.96·SE" (Wald) interval for the small audits practices run, it never leaves [0, 1] and
 * does not collapse to a point when every attendance (or none) could have been seen in primary care.
 *
 *   centre = (p + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √( p(1 − p)/n + z²/4n² )
 */

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval { lower: number; upper: number }

/** The interval for `successes` out of `trials`; null when there are no trials (no NaN). */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`A proportion needs whole numbers 0 ≤ successes ≤ trials (got ${successes} of ${trials}).`);
  }
  if (trials === 0) return null;
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact at the ends: 0 of n has lower 0, n of n has upper 1 (rounding must not leave a hair).
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
