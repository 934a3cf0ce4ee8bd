/**
 * Change alerts on a monthly series of observed against expected counts: a Poisson CUSUM
 * (cumulative sum) for increases and another for decreases (Lucas 1985, in its log-likelihood-ratio
 * form so that the expected count may change from month to month).
 *
 * Each month adds the evidence for "the rate has moved by the factor δ" over "the rate is as
 * expected":  W = O·ln δ − (δ − 1)·E.  The sums S⁺ = max(0, S⁺ + W⁺) and S⁻ = max(0, S⁻ + W⁻) signal
 * when they pass h, and start again from 0 after signalling. Divided by ln δ, the same sum is the
 * textbook Poisson CUSUM  S = max(0, S + O − k·E)  with reference value k = (δ − 1)/ln δ expected
 * events per expected event, and decision interval h/|ln δ| events.
 *
 * Defaults: δ⁺ = 1.2 and δ⁻ = 0.8 (a 20% rise or fall is the change worth catching), h = 4.6 (the
 * months since the last reset are then at least 100 times likelier under the change than without
 * it, ln 100 ≈ 4.6). Small numbers are suppressed: no alert is raised in a month with fewer than 5
 * observed or expected events (NHS small-number practice), though the sums still run.
 */

import type { Direction } from './measures.js';

export interface MonthCount {
  /** The month, as the caller labels it (e.g. '2025-04'). */
  period: string;
  observed: number;
  expected: number;
}

export interface CusumOptions {
  /** The rise to detect, as a ratio of observed to expected (> 1). */
  increaseRatio?: number;
  /** The fall to detect, as a ratio (between 0 and 1). */
  decreaseRatio?: number;
  /** Decision threshold on the log-likelihood-ratio scale. */
  h?: number;
  /** No alert in a month whose observed or expected count is below this. */
  smallNumber?: number;
}

export const CUSUM_DEFAULTS = { increaseRatio: 1.2, decreaseRatio: 0.8, h: 4.6, smallNumber: 5 } as const;

/** The textbook reference value k for a ratio δ: expected events allowed per expected event. */
export const referenceValue = (ratio: number) => (ratio - 1) / Math.log(ratio);

export type ChangeKind = 'increase' | 'decrease';
export type Judgement = 'good' | 'concerning' | 'no judgement';

export interface CusumMonth extends MonthCount {
  /** Evidence for a rise after this month (as it stood when signalling; the next month starts from 0). */
  upper: number;
  /** Evidence for a fall, after this month. */
  lower: number;
  signal: ChangeKind | null;
  /** True when a signal was reached but not raised because the numbers are small. */
  suppressed: boolean;
  judgement: Judgement | null;
  /** What to tell the practice, in plain words; null when nothing to say. */
  message: string | null;
}

/** Whether a change is good news, bad news or neither, given the measure's direction. */
export function judge(change: ChangeKind, direction: Direction): Judgement {
  if (direction === 'no judgement') return 'no judgement';
  const better = direction === 'lower is better' ? 'decrease' : 'increase';
  return change === better ? 'good' : 'concerning';
}

export function describeChange(measureName: string, change: ChangeKind, direction: Direction): string {
  const moved = change === 'increase' ? 'has risen above' : 'has fallen below';
  const judgement = judge(change, direction);
  const tail = judgement === 'good'
    ? `a good change (${direction})`
    : judgement === 'concerning'
      ? `a concerning change (${direction})`
      : 'neither good nor bad in itself: worth a look';
  return `${measureName} ${moved} the expected level: ${tail}.`;
}

function checkOptions(options: Required<CusumOptions>) {
  const { increaseRatio, decreaseRatio, h, smallNumber } = options;
  if (!(increaseRatio > 1) || !Number.isFinite(increaseRatio)) throw new RangeError(`increaseRatio must be above 1, not ${increaseRatio}`);
  if (!(decreaseRatio > 0 && decreaseRatio < 1)) throw new RangeError(`decreaseRatio must be between 0 and 1, not ${decreaseRatio}`);
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`h must be positive, not ${h}`);
  if (!(smallNumber >= 0) || !Number.isFinite(smallNumber)) throw new RangeError(`smallNumber must be zero or more, not ${smallNumber}`);
}

/** Runs both CUSUMs over the months in order and reports each month's sums and any alert. */
export function cusum(
  months: readonly MonthCount[],
  measure: { name: string; direction: Direction },
  options: CusumOptions = {},
): CusumMonth[] {
  const settings = { ...CUSUM_DEFAULTS, ...options };
  checkOptions(settings);
  const logUp = Math.log(settings.increaseRatio);
  const logDown = Math.log(settings.decreaseRatio);
  let upper = 0;
  let lower = 0;
  return months.map((month) => {
    const { observed, expected } = month;
    if (!Number.isFinite(observed) || observed < 0) throw new RangeError(`observed for ${month.period} must be zero or more, not ${observed}`);
    if (!Number.isFinite(expected) || expected < 0) throw new RangeError(`expected for ${month.period} must be zero or more, not ${expected}`);
    upper = Math.max(0, upper + observed * logUp - (settings.increaseRatio - 1) * expected);
    lower = Math.max(0, lower + observed * logDown - (settings.decreaseRatio - 1) * expected);
    const reached: ChangeKind | null = upper > settings.h ? 'increase' : lower > settings.h ? 'decrease' : null;
    const small = observed < settings.smallNumber || expected < settings.smallNumber;
    if (!reached || small) {
      return { ...month, upper, lower, signal: null, suppressed: reached !== null, judgement: null, message: null };
    }
    const result: CusumMonth = {
      ...month, upper, lower, signal: reached, suppressed: false,
      judgement: judge(reached, measure.direction),
      message: describeChange(measure.name, reached, measure.direction),
    };
    // Start again after a signal, so the next alert needs fresh evidence.
    if (reached === 'increase') upper = 0; else lower = 0;
    return result;
  });
}
