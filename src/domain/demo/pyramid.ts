/**
 * Age/sex pyramids for demo practices: England's shape (approximate ONS mid-2021 shares),
 * bent by a practice profile and a little per-practice noise, then split into whole
 * patients that add up exactly to the list size.
 */
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import type { Random } from './random.js';

/** Share of England's population in each band (both sexes, per cent), youngest first. */
const ENGLAND_SHARE = [
  5.6, 6.0, 6.0, 5.6, 6.0, 6.6, 6.9, 6.7, 6.3, 6.4,
  6.9, 6.7, 5.8, 4.9, 4.9, 3.6, 2.4, 1.5, 0.7, 0.2,
];
/** Fraction of each band that is male: slightly over half in childhood, falling with age. */
const MALE_FRACTION = [
  0.512, 0.512, 0.512, 0.513, 0.508, 0.498, 0.495, 0.496, 0.497, 0.495,
  0.494, 0.493, 0.490, 0.483, 0.475, 0.460, 0.430, 0.390, 0.320, 0.230,
];

export const PRACTICE_PROFILES = ['typical', 'young_families', 'commuter', 'retirement', 'university'] as const;
export type PracticeProfile = (typeof PRACTICE_PROFILES)[number];

/** Multipliers by band index (missing bands: 1). */
const PROFILE_BENDS: Record<PracticeProfile, Record<number, number>> = {
  typical: {},
  // new-town estates: many under-10s and parents aged 25–39, few over 65
  young_families: { 0: 1.4, 1: 1.35, 2: 1.15, 5: 1.25, 6: 1.35, 7: 1.25, 13: 0.7, 14: 0.65, 15: 0.6, 16: 0.6, 17: 0.6, 18: 0.6, 19: 0.6 },
  // market towns on the rail lines: families with older children, parents 35–54
  commuter: { 1: 1.1, 2: 1.2, 3: 1.1, 4: 0.7, 5: 0.75, 7: 1.15, 8: 1.2, 9: 1.2, 10: 1.15 },
  // seaside and village practices: older lists
  retirement: { 0: 0.65, 1: 0.7, 2: 0.75, 3: 0.75, 4: 0.6, 5: 0.6, 6: 0.65, 7: 0.7, 11: 1.15, 12: 1.35, 13: 1.7, 14: 1.9, 15: 2.0, 16: 2.1, 17: 2.2, 18: 2.2, 19: 2.2 },
  // a campus practice: students dominate 18–24
  university: { 0: 0.4, 1: 0.4, 2: 0.4, 3: 2.2, 4: 5.5, 5: 1.6, 6: 0.9, 12: 0.6, 13: 0.5, 14: 0.5, 15: 0.5, 16: 0.5, 17: 0.5, 18: 0.5, 19: 0.5 },
};

export interface PyramidCell { sex: Sex; ageBand: AgeBand; weight: number }

/** Relative weights of the 40 cells (M then F for each band) for one practice. */
export function pyramidWeights(profile: PracticeProfile, random: Random): PyramidCell[] {
  const bends = PROFILE_BENDS[profile];
  const cells: PyramidCell[] = [];
  AGE_BANDS.forEach((ageBand, i) => {
    const share = ENGLAND_SHARE[i]! * (bends[i] ?? 1) * Math.exp(0.08 * random.normal());
    const male = Math.min(0.6, Math.max(0.2, MALE_FRACTION[i]! + 0.01 * random.normal()));
    cells.push({ sex: 'M', ageBand, weight: share * male }, { sex: 'F', ageBand, weight: share * (1 - male) });
  });
  return cells;
}

/**
 * Whole numbers proportional to `weights` that sum exactly to `total` (largest remainder:
 * floor every share, then hand the leftover patients to the largest fractions, ties to the
 * earlier cell so the result is deterministic).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (!(sum > 0)) throw new Error('apportion needs a positive total weight');
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]!.i]! += 1;
  return counts;
}
