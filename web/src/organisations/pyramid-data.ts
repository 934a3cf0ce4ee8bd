/** Arranges population bands for the pyramid chart and picks a symmetric, round scale. */
import type { PyramidBand } from '../api/types.js';

export interface PyramidRow {
  ageBand: string;
  /** Males as a negative number, so their bars grow to the left. */
  male: number;
  female: number;
}

/** Oldest first: a vertical-layout bar chart draws its first row at the top, so youngest ends at the bottom. */
export function pyramidRows(bands: PyramidBand[]): PyramidRow[] {
  return [...bands].reverse().map((b) => ({ ageBand: b.ageBand, male: -b.male, female: b.female }));
}

/** Ticks from -limit to +limit in round steps, limit at least the largest band. */
export function symmetricTicks(bands: PyramidBand[], steps = 4): number[] {
  const largest = Math.max(1, ...bands.map((b) => Math.max(b.male, b.female)));
  const rough = largest / steps;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const limit = step * Math.ceil(largest / step);
  const ticks: number[] = [];
  for (let t = -limit; t <= limit + step / 2; t += step) ticks.push(Math.round(t));
  return ticks;
}

export const totalOf = (bands: PyramidBand[]) => bands.reduce((sum, b) => sum + b.male + b.female, 0);
