/**
 * Funnel plots (Spiegelhalter 2005): each practice's standardised ratio (or crude rate) against its
 * expected count (or list size), with control limits at 95% ("warning") and 99.8% ("alarm") that
 * narrow as the practice grows, so that outliers are judged against chance rather than ranked.
 *
 * Limits are exact Poisson, computed through the gamma (chi-square) link and made continuous in the
 * count, as PHE's funnel plot tool for ratios and the PHEindicatormethods R package do: for an
 * expected count E the upper limit is the count U with P(U, E) = α/2 and the lower limit is L with
 * Q(L + 1, E) = α/2 (P, Q the regularised incomplete gamma functions). Equivalently, E is the exact
 * lower (upper) confidence limit of an observed count U (L). No normal or Byar approximation is used.
 */
import { gammaShapeFor, normalUpperTail } from './distributions.js';
import { PER_1000, Z_95, Z_998 } from './rates.js';

export const METHOD =
  'Exact Poisson control limits (chi-square/gamma relationship, continuous in the count, as the PHE funnel plot tool for ratios), '
  + 'two-sided 95% (z = 1.959964) and 99.8% (z = 3.090232) around the expected count.';

export interface CountLimits { lower: number; upper: number }

/** Exact Poisson control limits for a count whose expected value is `expected`, at two-sided z. */
export function countControlLimits(expected: number, z = Z_95): CountLimits | null {
  if (!Number.isFinite(expected) || expected <= 0) return null;
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`z must be a positive finite number, not ${z}`);
  const tail = normalUpperTail(z);
  const upper = gammaShapeFor(tail, expected);
  // Q(L + 1, E) = α/2  <=>  P(L + 1, E) = 1 - α/2. Below 0 the limit means "no count is too low".
  const lower = Math.max(0, gammaShapeFor(1 - tail, expected) - 1);
  return { lower, upper };
}

export interface RatioLimits {
  expected: number;
  /** Limits on the ratio scale (1 = as expected). */
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** 95% and 99.8% limits for an indirectly standardised ratio with this expected count; null if none expected. */
export function ratioControlLimits(expected: number): RatioLimits | null {
  const warning = countControlLimits(expected, Z_95);
  const alarm = countControlLimits(expected, Z_998);
  if (!warning || !alarm) return null;
  return {
    expected,
    lower95: warning.lower / expected, upper95: warning.upper / expected,
    lower998: alarm.lower / expected, upper998: alarm.upper / expected,
  };
}

export type FunnelPosition = 'within' | 'above 95%' | 'below 95%' | 'above 99.8%' | 'below 99.8%' | 'not assessable';

/** Plain words for each position, for tables and screen readers. */
export const POSITION_WORDS: Record<FunnelPosition, string> = {
  within: 'within the range expected by chance',
  'above 95%': 'higher than expected (warning: above the 95% limit)',
  'below 95%': 'lower than expected (warning: below the 95% limit)',
  'above 99.8%': 'much higher than expected (alarm: above the 99.8% limit)',
  'below 99.8%': 'much lower than expected (alarm: below the 99.8% limit)',
  'not assessable': 'cannot be judged: no events expected',
};

/** Where an observed count falls against the limits for its expected count. On a limit counts as within. */
export function classifyCount(observed: number, expected: number): FunnelPosition {
  if (!Number.isFinite(observed) || observed < 0) throw new RangeError(`observed must be a count of zero or more, not ${observed}`);
  const warning = countControlLimits(expected, Z_95);
  const alarm = countControlLimits(expected, Z_998);
  if (!warning || !alarm) return 'not assessable';
  if (observed > alarm.upper) return 'above 99.8%';
  if (observed < alarm.lower) return 'below 99.8%';
  if (observed > warning.upper) return 'above 95%';
  if (observed < warning.lower) return 'below 95%';
  return 'within';
}

/** An indirectly standardised ratio's position: observed events against the expected count. */
export const classifyRatio = (observed: number, expected: number): FunnelPosition => classifyCount(observed, expected);

/**
 * A crude rate's position: events against a target rate (per patient, e.g. the commissioner's
 * overall rate) applied to the practice's list. A crude-rate funnel is a ratio funnel with
 * expected = target × list size.
 */
export function classifyRate(events: number, patients: number, targetRate: number): FunnelPosition {
  if (!Number.isFinite(targetRate) || targetRate < 0) throw new RangeError(`targetRate must be zero or more, not ${targetRate}`);
  return classifyCount(events, targetRate * patients);
}

export interface RateLimits {
  patients: number;
  /** Limits as rates per `per` patients. */
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** Crude-rate control limits per `per` patients, for a list of this size and a target rate per patient. */
export function rateControlLimits(patients: number, targetRate: number, per = PER_1000): RateLimits | null {
  if (!Number.isFinite(patients) || patients <= 0) return null;
  const limits = ratioControlLimits(targetRate * patients);
  if (!limits) return null;
  const scale = targetRate * per;
  return {
    patients,
    lower95: limits.lower95 * scale, upper95: limits.upper95 * scale,
    lower998: limits.lower998 * scale, upper998: limits.upper998 * scale,
  };
}

/** `points` values from `from` to `to`, evenly spaced on a log scale (both ends included). */
export function logSpaced(from: number, to: number, points: number): number[] {
  if (!(from > 0) || !(to > from) || !Number.isFinite(to)) throw new RangeError(`need 0 < from < to, finite; got ${from} and ${to}`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`points must be a whole number of 2 or more, not ${points}`);
  const step = Math.log(to / from) / (points - 1);
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from * Math.exp(step * i)));
}

/** Default number of points: enough for the curves to look smooth at any chart width. */
export const CURVE_POINTS = 120;

/** The ratio funnel's four limit curves over a range of expected counts, for plotting. */
export function ratioFunnelCurve(minExpected: number, maxExpected: number, points = CURVE_POINTS): RatioLimits[] {
  return logSpaced(minExpected, maxExpected, points).map((expected) => ratioControlLimits(expected)!);
}

/** The crude-rate funnel's four limit curves over a range of list sizes, for plotting. */
export function rateFunnelCurve(minPatients: number, maxPatients: number, targetRate: number, per = PER_1000, points = CURVE_POINTS): RateLimits[] {
  if (!(targetRate > 0)) throw new RangeError(`targetRate must be positive to draw a funnel, not ${targetRate}`);
  return logSpaced(minPatients, maxPatients, points).map((patients) => rateControlLimits(patients, targetRate, per)!);
}

/**
 * A sensible plotting range: from a little below the smallest to a little above the largest
 * expected count among the practices shown (ignoring zeros), or null if there is nothing to draw.
 */
export function funnelRange(expectedCounts: readonly number[]): { min: number; max: number } | null {
  const positive = expectedCounts.filter((e) => Number.isFinite(e) && e > 0);
  if (positive.length === 0) return null;
  const min = Math.min(...positive) * 0.8;
  const max = Math.max(...positive) * 1.2;
  return { min, max };
}
