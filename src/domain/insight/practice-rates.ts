/**
 * One measure for every practice of a commissioner, from counts already gathered (issue 7 §1-2):
 * the reference (the commissioner's own rates), each practice's crude rate, expected count,
 * standardised ratio and rate with their intervals, and where it sits on the funnel. The
 * statistics are the core's (rates.ts, funnel.ts); this file only decides which of them a measure
 * needs and feeds them.
 *
 * Three kinds of measure:
 * - standardised per registered patients, with events by age band and sex (gateway referrals):
 *   indirect standardisation against the commissioner's age/sex-specific rates;
 * - standardised per registered patients, events without age or sex (provider activity lines
 *   carry none, FORMATS.md): the reference rate of each age/sex band is taken in proportion to the
 *   band's capitation weight (weights are relative need by age and sex), scaled so the
 *   commissioner's expected total equals its observed total. Then
 *   expected = commissioner events × practice weighted list ÷ commissioner weighted list:
 *   indirect standardisation with weight-proportional reference rates. Without weights the bands
 *   share one rate (no adjustment), and the method says so;
 * - crude rates per registered or weighted patients, or per another count (follow-ups per first
 *   attendance): judged on a crude-rate funnel around the commissioner's overall rate.
 */
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import { classifyRate, classifyRatio, funnelRange, METHOD, POSITION_WORDS, rateFunnelCurve, ratioFunnelCurve, type FunnelPosition } from './funnel.js';
import type { MeasureDefinition } from './measures.js';
import { nearestRankPercentile } from './deciles.js';
import {
  crudeRate, indirectlyStandardise, referencePopulation, type CountIntervalMethod, type EventCell, type NoValueReason, type PopulationCell,
  type ReferenceRateCell,
} from './rates.js';

const SEXES: readonly Sex[] = ['M', 'F'];

/** 'YYYY-MM-01' for every month from `from` to `to` (both 'YYYY-MM', inclusive). */
export function monthStarts(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? (y++, m = 1) : m++) {
    months.push(`${y}-${String(m).padStart(2, '0')}-01`);
    if (months.length > 600) throw new RangeError('the period is longer than 50 years');
  }
  return months;
}

/** 'YYYY-MM' `count - 1` months before `month` ('YYYY-MM'). */
export function monthsBefore(month: string, count: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The average list over the months, band by band (a month without a list counts as none). */
export function averagePopulation(months: readonly (readonly PopulationCell[])[]): PopulationCell[] {
  if (months.length === 0) return [];
  const totals = new Map<string, PopulationCell>();
  for (const cells of months) {
    for (const cell of cells) {
      const key = `${cell.sex} ${cell.ageBand}`;
      const found = totals.get(key);
      if (found) found.patients += cell.patients;
      else totals.set(key, { ...cell });
    }
  }
  return [...totals.values()].map((cell) => ({ ...cell, patients: cell.patients / months.length }));
}

export interface Reference {
  rates: ReferenceRateCell[];
  /** Events per patient over the period (the commissioner's crude rate), or null with no patients. */
  crudeRate: number | null;
  events: number;
  patients: number;
  /** Events counted in the total but not placed in an age/sex band (sex not recorded, or a band nobody is registered in). */
  unplaced: number;
}

/**
 * The commissioner's age/sex-specific rates from events by band. Events that cannot be placed (no
 * recorded sex, or a band with nobody registered) still count: every band's rate is scaled up by
 * total ÷ placed, so the expected counts of all practices add up to all the events observed.
 */
export function referenceFromBands(population: readonly PopulationCell[], placedEvents: readonly EventCell[], totalEvents: number): Reference {
  const listed = new Set(population.filter((c) => c.patients > 0).map((c) => `${c.sex} ${c.ageBand}`));
  const usable = placedEvents.filter((e) => listed.has(`${e.sex} ${e.ageBand}`));
  const reference = referencePopulation(population, usable);
  const placed = reference.events;
  const scale = placed > 0 ? totalEvents / placed : 0;
  const patients = reference.patients;
  // With nothing placed at all, fall back to one rate for every band (no adjustment is possible).
  const rates = placed > 0
    ? reference.rates.map((cell) => ({ ...cell, rate: cell.rate * scale }))
    : reference.rates.map((cell) => ({ ...cell, rate: patients > 0 ? totalEvents / patients : 0 }));
  return { rates, crudeRate: patients > 0 ? totalEvents / patients : null, events: totalEvents, patients, unplaced: totalEvents - (placed > 0 ? placed : 0) };
}

export interface BandWeight { sex: Sex; ageBand: AgeBand; weight: number }

/**
 * Reference rates proportional to capitation weights: rate(band) = k × weight(band), with k such that
 * the commissioner's own list expects exactly its events. Without weights every band gets the
 * crude rate.
 */
export function referenceFromWeights(population: readonly PopulationCell[], weights: readonly BandWeight[] | null, totalEvents: number): Reference {
  const base = referencePopulation(population, []);
  const patients = base.patients;
  const crude = patients > 0 ? totalEvents / patients : null;
  const weightOf = new Map((weights ?? []).map((w) => [`${w.sex} ${w.ageBand}`, w.weight]));
  let weighted = 0;
  for (const cell of population) weighted += cell.patients * (weightOf.get(`${cell.sex} ${cell.ageBand}`) ?? 0);
  const k = weights && weighted > 0 ? totalEvents / weighted : null;
  const rates = SEXES.flatMap((sex) => AGE_BANDS.map((ageBand) => ({
    sex, ageBand, rate: k !== null ? k * (weightOf.get(`${sex} ${ageBand}`) ?? 0) : (crude ?? 0),
  })));
  return { rates, crudeRate: crude, events: totalEvents, patients, unplaced: 0 };
}

export interface PracticeCounts {
  practiceCode: string;
  /** Registered list by band (an average over the months for a period). */
  population: readonly PopulationCell[];
  /** Weighted list (capitation), when the measure needs it. */
  weightedPatients: number | null;
  /** Numerator events: all of them, and those placed in an age/sex band (referrals only). */
  events: number;
  eventBands: readonly EventCell[];
  /** Denominator events, for a measure per another count. */
  denominatorEvents: number | null;
}

export type Scale = 'ratio' | 'rate';

export interface PracticeAssessment {
  practiceCode: string;
  observed: number;
  patients: number;
  weightedPatients: number | null;
  denominatorEvents: number | null;
  /** What the measure is per: registered, weighted patients or the other count. */
  exposure: number;
  /** Events expected at the commissioner's rates (age/sex-adjusted when standardised). */
  expected: number;
  crudeRate: number | null;
  crudeLower: number | null;
  crudeUpper: number | null;
  ratio: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
  /** The standardised rate when standardised, else the crude rate: the value compared. */
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  intervalMethod: CountIntervalMethod | null;
  reason: NoValueReason | null;
  position: FunnelPosition;
  /** The funnel plot's point: x = expected (ratio) or exposure (rate); y = ratio or rate. */
  x: number;
  y: number | null;
}

export interface Assessment {
  scale: Scale;
  per: number;
  reference: Reference;
  /** The commissioner's value the funnel is centred on: 1 for ratios, the overall rate per `per` for rates. */
  target: number | null;
  practices: PracticeAssessment[];
  /** True when an activity measure could not be adjusted for age and sex (no capitation weights). */
  unadjusted: boolean;
}

const isActivityStandardised = (measure: MeasureDefinition) => measure.standardisation === 'indirect_age_sex' && measure.numerator.events !== 'referrals';

/** Every practice's figures for one measure; the reference is all the practices given. */
export function assessPractices(measure: MeasureDefinition, practices: readonly PracticeCounts[], weights: readonly BandWeight[] | null): Assessment {
  const denominator = measure.denominator;
  const per = denominator.kind === 'events' ? 1 : denominator.per;
  const totalEvents = practices.reduce((a, p) => a + p.events, 0);
  const allPopulation = practices.flatMap((p) => p.population);
  if (measure.standardisation === 'indirect_age_sex') {
    const activity = isActivityStandardised(measure);
    const reference = activity
      ? referenceFromWeights(allPopulation, weights, totalEvents)
      : referenceFromBands(allPopulation, practices.flatMap((p) => p.eventBands), totalEvents);
    return {
      scale: 'ratio', per, reference, target: 1, unadjusted: activity && !weights,
      practices: practices.map((p) => {
        const result = indirectlyStandardise({ population: p.population, events: p.events, reference, per });
        const crude = crudeRate(p.events, result.patients, { per });
        return {
          practiceCode: p.practiceCode, observed: p.events, patients: result.patients, weightedPatients: p.weightedPatients,
          denominatorEvents: p.denominatorEvents, exposure: result.patients, expected: result.expected,
          crudeRate: crude.rate, crudeLower: crude.lower, crudeUpper: crude.upper,
          ratio: result.ratio, ratioLower: result.ratioLower, ratioUpper: result.ratioUpper,
          rate: result.rate, rateLower: result.rateLower, rateUpper: result.rateUpper,
          intervalMethod: result.method, reason: result.reason,
          position: classifyRatio(p.events, result.expected), x: result.expected, y: result.ratio,
        };
      }),
    };
  }
  const exposureOf = (p: PracticeCounts): number => (denominator.kind === 'registered_patients'
    ? p.population.reduce((a, c) => a + c.patients, 0)
    : denominator.kind === 'weighted_patients' ? (p.weightedPatients ?? 0) : (p.denominatorEvents ?? 0));
  const totalExposure = practices.reduce((a, p) => a + exposureOf(p), 0);
  const targetPerUnit = totalExposure > 0 ? totalEvents / totalExposure : null;
  const reference: Reference = {
    rates: [], crudeRate: targetPerUnit, events: totalEvents, patients: totalExposure, unplaced: 0,
  };
  return {
    scale: 'rate', per, reference, target: targetPerUnit === null ? null : targetPerUnit * per, unadjusted: false,
    practices: practices.map((p) => {
      const exposure = exposureOf(p);
      const crude = crudeRate(p.events, exposure, { per });
      const patients = p.population.reduce((a, c) => a + c.patients, 0);
      return {
        practiceCode: p.practiceCode, observed: p.events, patients, weightedPatients: p.weightedPatients, denominatorEvents: p.denominatorEvents,
        exposure, expected: (targetPerUnit ?? 0) * exposure,
        crudeRate: crude.rate, crudeLower: crude.lower, crudeUpper: crude.upper,
        ratio: null, ratioLower: null, ratioUpper: null,
        rate: crude.rate, rateLower: crude.lower, rateUpper: crude.upper,
        intervalMethod: crude.method,
        reason: crude.reason ?? (denominator.kind === 'events' && exposure === 0 ? 'no expected events' : null),
        position: targetPerUnit === null ? 'not assessable' : classifyRate(p.events, exposure, targetPerUnit),
        x: exposure, y: crude.rate,
      };
    }),
  };
}

export interface CurvePoint { x: number; lower95: number; upper95: number; lower998: number; upper998: number }

/** The funnel's limit lines over the range of the practices shown, or [] when there is nothing to draw. */
export function funnelCurve(assessment: Assessment, shown: readonly PracticeAssessment[]): CurvePoint[] {
  const range = funnelRange(shown.map((p) => (assessment.scale === 'ratio' ? p.expected : p.exposure)));
  if (!range) return [];
  if (assessment.scale === 'ratio') {
    return ratioFunnelCurve(range.min, range.max).map((l) => ({ x: l.expected, lower95: l.lower95, upper95: l.upper95, lower998: l.lower998, upper998: l.upper998 }));
  }
  const target = assessment.reference.crudeRate;
  if (!target || !(target > 0)) return [];
  return rateFunnelCurve(range.min, range.max, target, assessment.per).map((l) => ({ x: l.patients, lower95: l.lower95, upper95: l.upper95, lower998: l.lower998, upper998: l.upper998 }));
}

export interface Spread { median: number | null; p10: number | null; p90: number | null; practices: number }

/** The peers' median and inter-decile range (10th to 90th percentile, nearest rank) of their values. */
export function peerSpread(values: readonly (number | null)[]): Spread {
  const usable = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    median: nearestRankPercentile(usable, 50), p10: nearestRankPercentile(usable, 10), p90: nearestRankPercentile(usable, 90), practices: usable.length,
  };
}

export const positionWords = (position: FunnelPosition) => POSITION_WORDS[position];

/** How the figures were worked out, in words for the page and the API. */
export function methodText(measure: MeasureDefinition, assessment: Pick<Assessment, 'scale' | 'unadjusted' | 'per'>): string {
  const parts: string[] = [];
  const per = assessment.per === 1 ? '' : ` per ${assessment.per.toLocaleString('en-GB')}`;
  if (measure.standardisation === 'indirect_age_sex') {
    parts.push(measure.numerator.events === 'referrals'
      ? 'Indirectly age/sex standardised: each practice’s expected count is its registered list, band by band (5-year age bands, male and female), '
        + 'times the commissioner’s own referral rate for that band over the same months. Referrals are placed in a band by the patient’s age on the day the referral was received; '
        + 'the few without a recorded sex are shared across bands in proportion.'
      : assessment.unadjusted
        ? 'Not adjusted for age and sex: hospital activity lines carry no age or sex, and no capitation weights are loaded for this service line, '
          + 'so the expected count is the commissioner’s overall rate times the practice’s list.'
        : 'Indirectly standardised on capitation weights: hospital activity lines carry no age or sex, so the reference rate of each age/sex band is taken in proportion to '
          + 'the band’s capitation weight for the matching service line (weights are relative need by age and sex). Then expected = commissioner events × practice weighted list ÷ commissioner weighted list.');
    parts.push(`Standardised ratio = observed ÷ expected (1 = as the commissioner’s rates predict); standardised rate = ratio × the commissioner’s crude rate${per}.`);
  } else {
    const unit = measure.denominator.kind === 'events' ? 'per the other count' : measure.denominator.kind === 'weighted_patients' ? 'per weighted (capitation) patients' : 'per registered patients';
    parts.push(`Crude rate ${unit}${per}, not standardised; the funnel is centred on the commissioner’s overall rate.`);
  }
  parts.push('Lists are the registered population in force in each month (the latest period on or before the month starts; before the first period, the first) averaged over the months.');
  parts.push('Confidence intervals of a rate or ratio: exact Poisson below 10 events, Byar’s approximation from 10 (PHE Fingertips).');
  parts.push(`Funnel: ${METHOD}`);
  return parts.join(' ');
}
