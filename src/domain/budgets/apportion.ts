/**
 * Exact sharing of whole amounts (pence, or millionths of a penny) for the budget rules, in
 * BigInt so no product overflows: the largest-remainder method, and fractions read to six places.
 *
 * `apportion(total, weights)`: each item gets the whole part of total × weight ÷ Σweights; the units
 * left over go one each to the items with the largest remainders (equal remainders: the earlier
 * item first). So the shares are whole, each within one unit of its exact share, and they add up
 * to the total exactly. When total ≤ Σweights and the weights are whole, no share exceeds its
 * weight (a remainder's extra unit only rounds a fraction up to the next whole number, ≤ weight).
 */

/** Fractions (pace of change, floor, top slice, shares) are read to this many decimal places. */
export const FRACTION_DECIMALS = 6;
export const FRACTION_SCALE = 10n ** BigInt(FRACTION_DECIMALS);

/** A fraction from 0 to 1 as whole millionths, or null when it is not one. */
export function fractionMillionths(value: number): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) return null;
  return BigInt(Math.round(value * Number(FRACTION_SCALE)));
}

/** Shares `total` (≥ 0) over non-negative weights by the largest-remainder method (see above). */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError(`apportion needs a total of at least 0 (got ${total})`);
  if (weights.some((w) => w < 0n)) throw new RangeError('apportion needs weights of at least 0');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  if (sum === 0n) throw new RangeError('apportion needs at least one weight above 0');
  const shares = weights.map((w, index) => ({ index, whole: (total * w) / sum, remainder: (total * w) % sum }));
  let left = total - shares.reduce((a, s) => a + s.whole, 0n);
  const order = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of order) {
    if (left === 0n) break;
    share.whole += 1n;
    left -= 1n;
  }
  return shares.map((s) => s.whole);
}

/** total × fraction (millionths), rounded half up to a whole unit; total ≥ 0. */
export function fractionOf(total: bigint, millionths: bigint): bigint {
  const product = total * millionths;
  const whole = product / FRACTION_SCALE;
  return (product % FRACTION_SCALE) * 2n >= FRACTION_SCALE ? whole + 1n : whole;
}

/** a ÷ b rounded up, for a ≥ 0, b > 0. */
export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export const sumBig = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);
