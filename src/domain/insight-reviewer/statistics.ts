/**
 * The small statistics reviewer evidence needs (REF-11), with their definitions written down,
 * because an appraiser may ask how a figure was reached.
 */

/**
 * The median: the middle value, or the mean of the two middle values when the count is even
 * (so it may end in .5). Null for no values.
 */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A percentile by the nearest-rank method: the smallest value with at least p% of the values at or
 * below it. Always one of the values seen (a whole number of working days, never interpolated).
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError('The percentile must be above 0 and at most 100.');
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // p * n / 100 in integers where possible, so 90% of 10 is exactly rank 9.
  const rank = Math.max(1, Math.ceil(Math.round(p * sorted.length * 1e6) / 1e8));
  return sorted[rank - 1]!;
}

/**
 * Whole percentages of `counts` that add up to exactly 100 (largest remainder: each share rounded
 * down, then the points left over go to the largest remainders, earlier entries first on a tie).
 * All zeros when the total is zero.
 */
export function wholePercents(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return counts.map(() => 0);
  const floors = counts.map((c) => Math.floor((c * 100) / total));
  const remainders = counts.map((c, i) => ({ i, r: (c * 100) % total }));
  let left = 100 - floors.reduce((s, f) => s + f, 0);
  for (const { i } of remainders.sort((a, b) => b.r - a.r || a.i - b.i)) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

/** A share as a fraction (0 to 1), or null when there is nothing to share. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** One whole percentage, rounded half up, for a single share shown alone. */
export const percentOf = (part: number, whole: number): number | null => (whole > 0 ? Math.floor((part * 200 + whole) / (2 * whole)) : null);
