/**
 * Deciles of practice values (the decile charts of issue 7), by the nearest-rank method: the p-th
 * percentile is the value at rank ⌈p/100 × n⌉ of the n values sorted, so every cut point is a value
 * some practice actually has, and no interpolation needs explaining.
 *
 * Practices without a value (null: e.g. no registered patients) are left out of the cut points and
 * get no decile. Equal values always share a decile.
 */

export interface DecileCut {
  /** 10, 20, … 90. */
  percentile: number;
  value: number;
}

const usable = (values: readonly (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);

/** The p-th percentile (0 < p <= 100) by nearest rank, or null when there are no values. */
export function nearestRankPercentile(values: readonly (number | null)[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`p must be above 0 and at most 100, not ${p}`);
  const sorted = usable(values);
  if (sorted.length === 0) return null;
  // A small tolerance keeps p × n that is mathematically whole (e.g. 0.3 × 10) from rounding up.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

/** The nine cut points (10th to 90th percentiles) of the practices' values, or null with none. */
export function deciles(values: readonly (number | null)[]): DecileCut[] | null {
  if (usable(values).length === 0) return null;
  return [10, 20, 30, 40, 50, 60, 70, 80, 90].map((percentile) => ({ percentile, value: nearestRankPercentile(values, percentile)! }));
}

/**
 * The decile (1 = lowest tenth … 10 = highest) a value falls in: the first decile whose upper cut
 * point it does not exceed, or 10 above the 90th percentile. Null for a missing value or no cuts.
 */
export function decileOf(value: number | null, cuts: readonly DecileCut[] | null): number | null {
  if (value === null || !Number.isFinite(value) || !cuts || cuts.length === 0) return null;
  const index = cuts.findIndex((cut) => value <= cut.value);
  return index === -1 ? cuts.length + 1 : index + 1;
}
