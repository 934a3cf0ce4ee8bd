/**
 * The few distribution functions the insight statistics need, written out here rather than taken
 * from a package: the log-gamma function, the regularised incomplete gamma functions (which give
 * the Poisson and chi-square distributions), their inverses, and the standard normal.
 *
 * Poisson and chi-square are linked through the gamma function (Armitage and Berry 2002):
 *   P(Y <= k | mean m) = Q(k + 1, m)            (Q = regularised upper incomplete gamma)
 *   chi-square quantile(p, df) = 2 * gammaQuantile(p, df / 2)
 * so "exact" Poisson limits need only P/Q and an inverse of them.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0, by Lanczos' approximation (g = 7, n = 9): about 15 significant digits. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma needs a positive finite number, not ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection keeps precision near 0
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const TINY = 1e-300;
// Both expansions converge in about sqrt(a) terms when x is near a; this leaves ample room.
const maxTerms = (a: number) => 1000 + Math.ceil(20 * Math.sqrt(a));

/** P(a, x) by its power series: good when x < a + 1. */
function seriesP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1, limit = maxTerms(a); n < limit; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz): good when x >= a + 1. */
function continuedFractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1, limit = maxTerms(a); i < limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

function checkGammaArguments(a: number, x: number) {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`the shape a must be positive and finite, not ${a}`);
  if (!(x >= 0) || Number.isNaN(x)) throw new RangeError(`x must be zero or more, not ${x}`);
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a): the gamma(a, 1) distribution function. */
export function regularisedGammaP(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? seriesP(a, x) : 1 - continuedFractionQ(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), computed directly so small tails keep their digits. */
export function regularisedGammaQ(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - seriesP(a, x) : continuedFractionQ(a, x);
}

/**
 * Finds where an increasing function of a positive argument reaches a target, by bisection on a
 * bracket that is first widened until it holds the answer. Slow but sure: it cannot jump out of
 * the bracket as Newton's method can near 0. While the bracket spans orders of magnitude it halves
 * on the log scale, so answers as small as 1e-60 (tiny gamma shapes) are found as surely as large ones.
 */
function solveIncreasing(f: (t: number) => number, target: number, lo: number, hi: number): number {
  let low = lo;
  let high = hi;
  for (let i = 0; f(high) < target; i++) {
    if (i > 2000) throw new RangeError('no solution in range');
    low = high;
    high *= 2;
  }
  if (low === 0) {
    // Find a positive lower end: step down by factors of 16 while the function is still too high.
    low = high;
    while (f(low) >= target) {
      high = low;
      low /= 16;
      if (low < 1e-300) return 0;
    }
  }
  for (let i = 0; i < 400; i++) {
    const mid = high / low > 4 ? Math.sqrt(low * high) : (low + high) / 2;
    if (mid <= low || mid >= high) break;
    if (f(mid) < target) low = mid; else high = mid;
    if (high - low <= 1e-14 * high) break;
  }
  return (low + high) / 2;
}

/** x such that P(a, x) = p: the p-quantile of the gamma(a, 1) distribution. */
export function gammaQuantile(p: number, a: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be a probability, not ${p}`);
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`the shape a must be positive and finite, not ${a}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // For the upper tail, solve on Q so that p close to 1 keeps its precision.
  return p > 0.5
    ? solveIncreasing((x) => -regularisedGammaQ(a, x), -(1 - p), 0, Math.max(1, 2 * a))
    : solveIncreasing((x) => regularisedGammaP(a, x), p, 0, Math.max(1, 2 * a));
}

/** The p-quantile of chi-square with df degrees of freedom (Excel's CHIINV(1 - p, df)). */
export const chiSquareQuantile = (p: number, df: number) => 2 * gammaQuantile(p, df / 2);

/**
 * The shape a at which P(a, x) = p. P falls as a rises, so this inverts the gamma function in its
 * first argument: the continuous "count" at which a Poisson mean x sits on a tail probability p.
 */
export function gammaShapeFor(p: number, x: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be strictly between 0 and 1, not ${p}`);
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`x must be positive and finite, not ${x}`);
  // -P(a, x) increases with a; start the bracket near 0 (P -> 1 as a -> 0).
  return solveIncreasing((a) => -regularisedGammaP(a, x), -p, 1e-12, Math.max(1, 2 * x + 10));
}

/** P(Y <= k) for Y ~ Poisson(mean). */
export function poissonCdf(k: number, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be zero or more, not ${mean}`);
  if (k < 0) return 0;
  const whole = Math.floor(k);
  return mean === 0 ? 1 : regularisedGammaQ(whole + 1, mean);
}

/** P(Z > z) for a standard normal Z, through erfc(t) = Q(1/2, t²); exact in the far tail. */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('z must be a number');
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  const tail = 0.5 * regularisedGammaQ(0.5, (z * z) / 2); // P(Z > |z|)
  return z >= 0 ? tail : 1 - tail;
}

/** Standard normal distribution function Φ(z) = P(Z > -z), so the lower tail is exact too. */
export const normalCdf = (z: number): number => normalUpperTail(-z);

const normalDensity = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * Φ⁻¹(p): Acklam's rational approximation (relative error 1.2e-9), then one Newton step on Φ,
 * which brings it to about 1e-15 — enough to reproduce the published 1.959964 and 3.090232.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be a probability, not ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let z: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    z = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    z = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    z = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Newton on the smaller tail, so that p near 1 does not lose digits to 1 - p.
  const error = p < 0.5 ? normalCdf(z) - p : (1 - p) - normalUpperTail(z);
  return z - error / normalDensity(z);
}
