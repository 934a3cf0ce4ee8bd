/**
 * Rates that compare practices fairly (issue 7, REF-8): crude rates per 1,000 registered patients
 * and indirectly age/sex standardised ratios and rates, with confidence intervals.
 *
 * Confidence intervals for a count follow the PHE Fingertips technical guidance ("Rates",
 * "Indirectly standardised ratios"): the exact Poisson (chi-square) limits when fewer than 10 events
 * were observed, Byar's approximation from 10 up (within 0.2% of exact there at 95%). The expected
 * count is treated as known, so a ratio's limits are the count's limits divided by it.
 *
 * Nothing here returns NaN or Infinity: an empty list or no expected events gives null values and
 * the reason, in words a page can show.
 */
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import { gammaQuantile, normalUpperTail } from './distributions.js';

/** Two-sided 95% and 99.8% standard normal points (about 2 and 3 standard deviations). */
export const Z_95 = 1.959964;
export const Z_998 = 3.090232;
/** Rates are shown per 1,000 registered patients, as practices and commissioners read them. */
export const PER_1000 = 1000;
/** Below this many events Byar's approximation gives way to exact Poisson limits (PHE practice). */
export const EXACT_BELOW = 10;

export interface PopulationCell { ageBand: AgeBand; sex: Sex; patients: number }
export interface EventCell { ageBand: AgeBand; sex: Sex; events: number }
/** An age/sex-specific rate per patient (not per 1,000), e.g. 0.25 referrals per patient a year. */
export interface ReferenceRateCell { ageBand: AgeBand; sex: Sex; rate: number }

export type NoValueReason = 'no registered patients' | 'no expected events';
export type CountIntervalMethod = 'exact Poisson' | "Byar's approximation";
export interface Interval { lower: number; upper: number }

const SEXES: readonly Sex[] = ['M', 'F'];
const cellKey = (ageBand: AgeBand, sex: Sex) => `${sex} ${ageBand}`;

function checkCount(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${field} must be a finite number of zero or more, not ${value}`);
  return value;
}

function checkZ(z: number) {
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`z must be a positive finite number, not ${z}`);
}

/** Byar's approximation to the Poisson confidence limits of an observed count (Breslow and Day 1987). */
export function byarInterval(observed: number, z = Z_95): Interval {
  checkCount(observed, 'observed');
  checkZ(z);
  // With no events the lower limit is 0; the formula would divide by zero.
  const lower = observed === 0 ? 0 : observed * (1 - 1 / (9 * observed) - z / (3 * Math.sqrt(observed))) ** 3;
  const next = observed + 1;
  const upper = next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3;
  // At very high confidence and tiny counts the cube goes below zero; a count cannot.
  return { lower: Math.max(0, lower), upper };
}

/** Exact Poisson limits through the chi-square link: lower = χ²(α/2, 2O)/2, upper = χ²(1-α/2, 2O+2)/2. */
export function exactPoissonInterval(observed: number, z = Z_95): Interval {
  checkCount(observed, 'observed');
  checkZ(z);
  const tail = normalUpperTail(z); // α/2
  return {
    lower: observed === 0 ? 0 : gammaQuantile(tail, observed),
    upper: gammaQuantile(1 - tail, observed + 1),
  };
}

/** Confidence limits of a count: exact below 10 events, Byar's from 10 (PHE Fingertips guidance). */
export function countInterval(observed: number, z = Z_95): Interval & { method: CountIntervalMethod } {
  return observed < EXACT_BELOW
    ? { ...exactPoissonInterval(observed, z), method: 'exact Poisson' }
    : { ...byarInterval(observed, z), method: "Byar's approximation" };
}

export interface CrudeRate {
  events: number;
  patients: number;
  per: number;
  /** Events per `per` patients, or null with the reason. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  method: CountIntervalMethod | null;
  reason: NoValueReason | null;
}

/** Crude rate per 1,000 registered patients (or `per`) with its confidence interval. */
export function crudeRate(events: number, patients: number, options: { per?: number; z?: number } = {}): CrudeRate {
  const per = options.per ?? PER_1000;
  checkCount(events, 'events');
  checkCount(patients, 'patients');
  if (patients === 0) return { events, patients, per, rate: null, lower: null, upper: null, method: null, reason: 'no registered patients' };
  const interval = countInterval(events, options.z);
  return {
    events, patients, per,
    rate: (events / patients) * per,
    lower: (interval.lower / patients) * per,
    upper: (interval.upper / patients) * per,
    method: interval.method,
    reason: null,
  };
}

function sumByCell<T extends { ageBand: AgeBand; sex: Sex }>(rows: readonly T[], value: (row: T) => number, field: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const key = cellKey(row.ageBand, row.sex);
    totals.set(key, (totals.get(key) ?? 0) + checkCount(value(row), `${field} (${key})`));
  }
  return totals;
}

export interface ReferencePopulation {
  /** Age/sex-specific rates per patient, every band and sex present (0 where nobody is registered). */
  rates: ReferenceRateCell[];
  events: number;
  patients: number;
  /** Overall events per patient: what an indirectly standardised rate is scaled by. Null when empty. */
  crudeRate: number | null;
}

/**
 * The reference (standard) rates: the commissioner's own age/sex-specific rates, from the list sizes
 * and events of all its practices added together.
 */
export function referencePopulation(population: readonly PopulationCell[], events: readonly EventCell[]): ReferencePopulation {
  const patientsByCell = sumByCell(population, (row) => row.patients, 'patients');
  const eventsByCell = sumByCell(events, (row) => row.events, 'events');
  for (const [key, count] of eventsByCell) {
    // Events where nobody is registered would count in the crude rate but never be expected anywhere.
    if (count > 0 && !(patientsByCell.get(key)! > 0)) throw new RangeError(`events recorded for ${key} where no patients are registered`);
  }
  const rates: ReferenceRateCell[] = [];
  let totalPatients = 0;
  let totalEvents = 0;
  for (const sex of SEXES) {
    for (const ageBand of AGE_BANDS) {
      const key = cellKey(ageBand, sex);
      const patients = patientsByCell.get(key) ?? 0;
      const count = eventsByCell.get(key) ?? 0;
      totalPatients += patients;
      totalEvents += count;
      rates.push({ ageBand, sex, rate: patients > 0 ? count / patients : 0 });
    }
  }
  return { rates, events: totalEvents, patients: totalPatients, crudeRate: totalPatients > 0 ? totalEvents / totalPatients : null };
}

/** Expected events: the sum over age band and sex of the practice's list × the reference rate. */
export function expectedEvents(population: readonly PopulationCell[], referenceRates: readonly ReferenceRateCell[]): number {
  const rates = new Map(referenceRates.map((cell) => [cellKey(cell.ageBand, cell.sex), checkCount(cell.rate, `reference rate (${cellKey(cell.ageBand, cell.sex)})`)]));
  let expected = 0;
  for (const [key, patients] of sumByCell(population, (row) => row.patients, 'patients')) {
    if (patients === 0) continue;
    const rate = rates.get(key);
    // A silent 0 here would understate the expected count; the reference must cover the practice.
    if (rate === undefined) throw new RangeError(`the reference has no rate for ${key}`);
    expected += patients * rate;
  }
  return expected;
}

export interface StandardisedResult {
  observed: number;
  expected: number;
  patients: number;
  per: number;
  /** Observed ÷ expected (1 = as the commissioner's own rates would predict). */
  ratio: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
  /** Indirectly standardised rate per `per` patients: ratio × the reference crude rate. */
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  /** The practice's crude rate per `per`, shown beside the standardised one. */
  crudeRate: number | null;
  method: CountIntervalMethod | null;
  reason: NoValueReason | null;
}

export interface StandardiseInput {
  /** The practice's registered list by age band and sex. */
  population: readonly PopulationCell[];
  /** The practice's events by age band and sex, or their total when not broken down. */
  events: readonly EventCell[] | number;
  reference: Pick<ReferencePopulation, 'rates' | 'crudeRate'>;
  per?: number;
  z?: number;
}

/** Indirect age/sex standardisation of one practice against the reference population. */
export function indirectlyStandardise(input: StandardiseInput): StandardisedResult {
  const per = input.per ?? PER_1000;
  const observed = typeof input.events === 'number'
    ? checkCount(input.events, 'events')
    : input.events.reduce((sum, row) => sum + checkCount(row.events, 'events'), 0);
  const patients = input.population.reduce((sum, row) => sum + checkCount(row.patients, 'patients'), 0);
  const expected = expectedEvents(input.population, input.reference.rates);
  const none = { ratio: null, ratioLower: null, ratioUpper: null, rate: null, rateLower: null, rateUpper: null, method: null };
  if (patients === 0) return { observed, expected, patients, per, ...none, crudeRate: null, reason: 'no registered patients' };
  const crude = (observed / patients) * per;
  if (!(expected > 0)) return { observed, expected, patients, per, ...none, crudeRate: crude, reason: 'no expected events' };
  const interval = countInterval(observed, input.z);
  const ratio = observed / expected;
  const ratioLower = interval.lower / expected;
  const ratioUpper = interval.upper / expected;
  // A positive expected count implies a positive reference crude rate; keep the guard for hand-built references.
  const scale = (input.reference.crudeRate ?? 0) * per;
  return {
    observed, expected, patients, per,
    ratio, ratioLower, ratioUpper,
    rate: ratio * scale, rateLower: ratioLower * scale, rateUpper: ratioUpper * scale,
    crudeRate: crude,
    method: interval.method,
    reason: null,
  };
}
