/**
 * Contract monitoring arithmetic (ACT-4, ACT-5): spreading a year's plan over its months,
 * year-to-date figures, forecast outturn, variance and a red/amber/green rating. Pure: no I/O.
 *
 * Money is integer pence and volumes are whole numbers; every division says how it rounds.
 *
 * - **Phasing.** A yearly plan is spread over the twelve months of the financial year (April
 *   first) evenly or by twelve relative weights (a profile: 8, 8, 9 … or 0.08, 0.08, 0.09 … alike).
 *   Each month gets the whole part of its exact share, and the units left over go one each to the
 *   months with the largest remainders (the largest-remainder method; equal remainders: the earlier
 *   month first). So the twelve months are whole numbers, each within one unit of its exact share,
 *   and they add up to the total exactly. Weights are read to six decimal places.
 * - **Variations** change the plan from their effective month on: the change is phased over the
 *   months from that month to March by the contract's own weights (evenly over those months when
 *   the profile gives them no weight), and months before it are untouched.
 * - **Forecast outturn**, two stated methods:
 *   - `straight_line`: year-to-date actual ÷ months elapsed × 12;
 *   - `seasonal`: year-to-date actual ÷ the share of the phasing profile elapsed (the part of the
 *     year's plan that should have happened by now), so a profile that expects a quiet summer does
 *     not make a quiet summer look like an underspend. With even phasing the two agree.
 *   Both are rounded to the penny, half away from zero; with no month elapsed there is no forecast.
 * - **Variance** is actual − plan (positive: over plan). **RAG** compares year-to-date actual with
 *   year-to-date plan: green within ±2 %, amber within ±5 %, red beyond (the limits included in the
 *   better rating). With no plan, no activity is green and any activity is red (unplanned spend).
 */
import { financialMonthOf, startYearOf } from './financial-year.js';
import { divideRounded } from './money.js';

export const MONTHS_IN_YEAR = 12;

export const PHASINGS = ['even', 'profile'] as const;
export type Phasing = (typeof PHASINGS)[number];

export const FORECAST_METHODS = ['straight_line', 'seasonal'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export const FORECAST_METHOD_DESCRIPTIONS: Record<ForecastMethod, string> = {
  straight_line: 'Straight line: year-to-date actual ÷ months elapsed × 12.',
  seasonal: 'Seasonal: year-to-date actual ÷ the share of the contract’s phasing profile elapsed (actual scaled by how much of the year’s plan should have happened by now).',
};

/** Year-to-date actual within this many per cent of year-to-date plan (either way) is green. */
export const RAG_GREEN_PERCENT = 2;
/** … within this many per cent amber; beyond it red. */
export const RAG_AMBER_PERCENT = 5;

export const RAGS = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAGS)[number];

/** Profile weights are read to this many decimal places (finer differences are rounded away). */
export const WEIGHT_DECIMALS = 6;
const WEIGHT_SCALE = 10 ** WEIGHT_DECIMALS;
/** The largest weight accepted: weights are relative, so percentages and fractions both fit. */
export const MAX_WEIGHT = 1_000_000;

/** What is wrong with a phasing profile, or null when it is twelve usable weights. */
export function profileProblem(profile: readonly number[] | null | undefined): string | null {
  if (!profile) return 'is required when the phasing is by profile: give twelve weights, April first';
  if (profile.length !== MONTHS_IN_YEAR) return `must have ${MONTHS_IN_YEAR} weights, one per month from April to March (it has ${profile.length})`;
  if (profile.some((w) => !Number.isFinite(w) || w < 0 || w > MAX_WEIGHT)) return `must be numbers from 0 to ${MAX_WEIGHT.toLocaleString('en-GB')}`;
  if (scaled(profile).every((w) => w === 0n)) return 'must give at least one month a weight above 0';
  return null;
}

/** The twelve relative weights a phasing spreads a plan by. */
export function phasingWeights(phasing: Phasing, profile?: readonly number[] | null): number[] {
  if (phasing === 'even') return Array.from({ length: MONTHS_IN_YEAR }, () => 1);
  const problem = profileProblem(profile);
  if (problem) throw new RangeError(`the phasing profile ${problem}`);
  return [...profile!];
}

/**
 * Spreads a whole-number total over the weights by the largest-remainder method: whole numbers,
 * each within one unit of its exact share, summing exactly to the total. A negative total (a
 * variation that reduces the plan) is spread as its size and given back its sign.
 */
export function phaseOver(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`a plan is a whole number of units (got ${total})`);
  const w = scaled(weights);
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('the weights must not all be 0');
  const size = BigInt(Math.abs(total));
  const shares = w.map((weight, index) => ({ index, whole: (size * weight) / sum, remainder: (size * weight) % sum }));
  let left = size - shares.reduce((a, s) => a + s.whole, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (left === 0n) break;
    share.whole += 1n;
    left -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  // `+ 0` turns the -0 of an empty month of a negative total into 0.
  return shares.map((s) => sign * Number(s.whole) + 0);
}

/** A year's plan (pence or volume) as twelve whole months, April first, summing exactly to `total`. */
export function phasePlan(total: number, phasing: Phasing, profile?: readonly number[] | null): number[] {
  return phaseOver(total, phasingWeights(phasing, profile));
}

/**
 * A change to the plan from `fromMonth` (1 = April) to March, phased by the contract's weights over
 * those months (evenly over them when the weights give them none); the months before get 0.
 */
export function phaseFromMonth(change: number, fromMonth: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(fromMonth) || fromMonth < 1 || fromMonth > MONTHS_IN_YEAR) throw new RangeError(`a month is 1 (April) to 12 (March) (got ${fromMonth})`);
  const remaining = weights.map((w, i) => (i + 1 >= fromMonth ? w : 0));
  const usable = scaled(remaining).some((w) => w > 0n) ? remaining : weights.map((_w, i) => (i + 1 >= fromMonth ? 1 : 0));
  return phaseOver(change, usable);
}

/** The sum of the first `months` values (year to date through that month). */
export function sumThrough(values: readonly number[], months: number): number {
  let total = 0;
  for (let i = 0; i < Math.min(months, values.length); i++) total += values[i]!;
  return total;
}

/** Adds series month by month (the longest decides the length). */
export function addMonthly(...series: readonly (readonly number[])[]): number[] {
  const length = Math.max(MONTHS_IN_YEAR, ...series.map((s) => s.length));
  return Array.from({ length }, (_v, i) => series.reduce((a, s) => a + (s[i] ?? 0), 0));
}

/** Year-to-date actual ÷ months elapsed × 12, to the penny; null before the first month is over. */
export function straightLineForecast(ytdActual: number, monthsElapsed: number): number | null {
  if (monthsElapsed <= 0) return null;
  return divideRounded(ytdActual * MONTHS_IN_YEAR, Math.min(monthsElapsed, MONTHS_IN_YEAR));
}

/**
 * Year-to-date actual ÷ the share of the year's weights in the elapsed months, to the penny (half
 * away from zero); null before the first month is over or when the profile expects nothing yet.
 */
export function seasonalForecast(ytdActual: number, monthsElapsed: number, weights: readonly number[]): number | null {
  if (monthsElapsed <= 0) return null;
  const w = scaled(weights);
  const elapsed = w.slice(0, monthsElapsed).reduce((a, b) => a + b, 0n);
  const year = w.reduce((a, b) => a + b, 0n);
  if (elapsed === 0n) return null;
  return divideRoundedBig(BigInt(ytdActual) * year, elapsed);
}

/** Actual − plan: positive means over plan. */
export const variance = (actual: number, plan: number) => actual - plan;

/** The variance as a percentage of plan, to one decimal place (half away from zero); null with no plan. */
export function variancePercent(actual: number, plan: number): number | null {
  if (plan === 0) return null;
  return divideRounded((actual - plan) * 1000, Math.abs(plan)) / 10;
}

/** Green within ±2 % of plan, amber within ±5 %, red beyond; no plan: green with no activity, else red. */
export function ragRating(actual: number, plan: number): Rag {
  const gap = Math.abs(actual - plan);
  const base = Math.abs(plan);
  if (base === 0) return gap === 0 ? 'green' : 'red';
  if (gap * 100 <= RAG_GREEN_PERCENT * base) return 'green';
  if (gap * 100 <= RAG_AMBER_PERCENT * base) return 'amber';
  return 'red';
}

export interface MonitoringFigures {
  yearPlan: number;
  ytdPlan: number;
  ytdActual: number;
  /** ytdActual − ytdPlan */
  variance: number;
  variancePercent: number | null;
  rag: Rag;
  forecast: { straightLine: number | null; seasonal: number | null };
  /** forecast − yearPlan, by each method */
  forecastVariance: { straightLine: number | null; seasonal: number | null };
}

/**
 * The monitoring figures for one series: plan and actual by month (April first), the months
 * elapsed (1–12; 0 = none yet), and the weights the seasonal forecast scales by.
 */
export function monitor({ planByMonth, actualByMonth, monthsElapsed, weights }: {
  planByMonth: readonly number[];
  actualByMonth: readonly number[];
  monthsElapsed: number;
  weights: readonly number[];
}): MonitoringFigures {
  const yearPlan = sumThrough(planByMonth, MONTHS_IN_YEAR);
  const ytdPlan = sumThrough(planByMonth, monthsElapsed);
  const ytdActual = sumThrough(actualByMonth, monthsElapsed);
  const straightLine = straightLineForecast(ytdActual, monthsElapsed);
  const seasonal = seasonalForecast(ytdActual, monthsElapsed, weights);
  return {
    yearPlan, ytdPlan, ytdActual,
    variance: variance(ytdActual, ytdPlan),
    variancePercent: variancePercent(ytdActual, ytdPlan),
    rag: ragRating(ytdActual, ytdPlan),
    forecast: { straightLine, seasonal },
    forecastVariance: {
      straightLine: straightLine === null ? null : variance(straightLine, yearPlan),
      seasonal: seasonal === null ? null : variance(seasonal, yearPlan),
    },
  };
}

/** A contract as planned: lines by point of delivery and specialty ('' = all others), and variations. */
export interface ContractPlan {
  year: string;
  phasing: Phasing;
  profile: readonly number[] | null;
  lines: readonly { pod: string; tfc: string; plannedVolume: number; plannedValuePence: number }[];
  variations: readonly { effectiveFrom: string; valueChangePence: number }[];
}

export interface PhasedContract {
  /** the weights the contract is phased (and seasonally forecast) by */
  weights: number[];
  /** each line's volume and value by month, in the order given */
  lines: { pod: string; tfc: string; volume: number[]; valuePence: number[] }[];
  /** the variations' value changes by month, together */
  variationsPence: number[];
  /** the lines' volume by month (variations change value only) */
  volume: number[];
  /** the lines' value plus the variations, by month */
  valuePence: number[];
}

/**
 * The contract's plan by month: each line phased on its own (so the line breakdown adds up to the
 * contract), then each variation from its effective month on. A variation dated before the year
 * counts from April; one dated after the year is not part of this year's plan.
 */
export function phaseContract(contract: ContractPlan): PhasedContract {
  const weights = phasingWeights(contract.phasing, contract.profile);
  const lines = contract.lines.map((l) => ({
    pod: l.pod, tfc: l.tfc, volume: phaseOver(l.plannedVolume, weights), valuePence: phaseOver(l.plannedValuePence, weights),
  }));
  const variations = contract.variations.flatMap((v) => {
    const { year, month } = financialMonthOf(v.effectiveFrom);
    if (startYearOf(year) > startYearOf(contract.year)) return [];
    return [phaseFromMonth(v.valueChangePence, startYearOf(year) < startYearOf(contract.year) ? 1 : month, weights)];
  });
  const variationsPence = addMonthly(...variations);
  const volume = addMonthly(...lines.map((l) => l.volume));
  return { weights, lines, variationsPence, volume, valuePence: addMonthly(...lines.map((l) => l.valuePence), variationsPence) };
}

/**
 * Which contract line an activity line counts against: its own point of delivery and specialty
 * when the contract has that line, else the point of delivery's "all specialties" line (''), else
 * none (-1: activity the contract does not plan for). A&E lines have no specialty ('').
 */
export function contractLineMatcher(lines: readonly { pod: string; tfc: string }[]): (pod: string, tfc: string) => number {
  const index = new Map(lines.map((l, i) => [`${l.pod}|${l.tfc}`, i]));
  return (pod, tfc) => index.get(`${pod}|${tfc}`) ?? index.get(`${pod}|`) ?? -1;
}

/** Weights as exact integers of millionths. */
function scaled(weights: readonly number[]): bigint[] {
  return weights.map((w) => {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`a weight is a number of at least 0 (got ${w})`);
    return BigInt(Math.round(w * WEIGHT_SCALE));
  });
}

/** divideRounded for products beyond 2^53: half away from zero, exactly. */
function divideRoundedBig(numerator: bigint, denominator: bigint): number {
  const negative = (numerator < 0n) !== (denominator < 0n);
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const whole = n / d;
  const rounded = (n % d) * 2n >= d ? whole + 1n : whole;
  return Number(negative ? -rounded : rounded) + 0;
}
