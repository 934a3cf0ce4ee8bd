/**
 * Demo hospital activity, tariff and contracts (ACT-1..ACT-4): pure and deterministic, from the
 * locality's seed. The rows are shaped exactly like `activity.csv` and `tariff.csv`
 * (FORMATS.md): every field a string, blank = '', so a loader writes them as CSV and imports
 * them through the real import (which pseudonymises the NHS numbers).
 *
 * The activity is a day-by-day simulation. Each day, every practice's patients arrive at the
 * acute trusts at rates per 1,000 a year (bent by the practice's age structure), and the visits
 * planned on earlier days happen: the first attendances booked by the referral gateway, the
 * follow-ups after a first attendance, the operations a patient was listed for, emergency
 * readmissions. Only the visits still to come are held (small records, not rows: about two
 * months' worth, so proportional to the daily volume, not to the rows yielded), and rows are
 * yielded a day at a time, so memory stays flat however many rows are streamed.
 *
 * Planted cases, so every rule of the product has something to show (rates per line yielded):
 * - exact duplicates: a line repeated in every field but activity_id (~0.12%) — `plantRows`
 * - same-day repeats: same patient/provider/date/pod/tfc, differing in hrg (UZ01Z) or price (~0.12%) — `plantRows`
 * - provider prices: most lines at tariff × MFF; ~0.5% a few per cent off, ~0.4% blank — `plantRows`
 * - out-of-area patients: ~0.5% of emergency arrivals are registered with OUT_OF_AREA_PRACTICE — `arrive`
 * - consultant-to-consultant first attendances (referral_source C2C) — `firstAttendance`
 * - first attendances with no gateway referral (GP), after A&E (AE), self-referred (SELF) — `arrive`, `attendAe`
 * - a follow-up ratio far above any cap: the locality's first acute trust in cardiology — `FOLLOW_UP_OUTLIER`
 * - prior-approval procedures (PRIOR_APPROVAL_PROCEDURES) for patients whose referral named none,
 *   so had no approval (~3% of referred first attendances in those specialties) — `firstAttendance`
 * - frequent attenders: COPD, heart failure and falls patients admitted ~4 times a year — `FREQUENT_CONDITIONS`
 * - emergency readmissions within 30 days of discharge (~8% of admissions) — `admit`
 */
import { addDays, dayNumber, isWorkingDay } from '../calendar/working-days.js';
import { financialMonthOf, financialYearsBetween, startYearOf } from '../activity/financial-year.js';
import { parsePounds } from '../activity/money.js';
import { PODS, Tariff, type Pod, type TariffRow } from '../activity/pricing.js';
import { nhsNumberCheckDigit } from '../patient/nhs-number.js';
import { AGE_BANDS } from '../population/age-bands.js';
import { PRIOR_APPROVAL_PROCEDURES } from '../referrals/catalogue.js';
import type { DemoLocality, DemoPractice } from './locality.js';
import { pyramidWeights, type PyramidCell } from './pyramid.js';
import { createRandom, subSeed, type Random } from './random.js';
import { DEFAULT_REFERRAL_FRACTION, localAcuteOf, type DemoReferral } from './referrals.js';

// ---------------------------------------------------------------------------------------------
// Public shapes

export interface ActivityCsvRow {
  activity_id: string; provider_code: string; practice_code: string; nhs_number: string; patient_pseudo: string;
  pod: string; tfc: string; hrg: string; activity_date: string; discharge_date: string; primary_diagnosis: string;
  primary_procedure: string; referral_source: string; referral_id: string; price: string;
}

/** The columns of activity.csv, in FORMATS.md order. */
export const ACTIVITY_CSV_COLUMNS: readonly (keyof ActivityCsvRow)[] = [
  'activity_id', 'provider_code', 'practice_code', 'nhs_number', 'patient_pseudo', 'pod', 'tfc', 'hrg', 'activity_date',
  'discharge_date', 'primary_diagnosis', 'primary_procedure', 'referral_source', 'referral_id', 'price',
];

/** A row of tariff.csv; price in pounds, like `123.45`. */
export interface TariffCsvRow { year: string; pod: string; tfc: string; hrg: string; price: string }

export interface DemoActivityOptions {
  /** defaults to the locality's seed */
  seed?: number;
  /** first and last day of activity (inclusive, ISO dates) */
  from: string;
  to: string;
  /** scale: share of real volume, default 0.08 like referrals */
  fraction?: number;
  /**
   * Referrals already generated for the same period and fraction (generateReferrals output);
   * OPFA lines are derived from their bookings.
   */
  referrals?: Iterable<DemoReferral>;
}

export interface DemoContract {
  providerCode: string;
  year: string;
  reference: string;
  phasing: 'even' | 'profile';
  /** 12 weights Apr..Mar summing to 1 (null for even phasing) */
  profile: number[] | null;
  c2cAllowed: boolean;
  lines: { pod: string; tfc: string; plannedVolume: number; plannedValuePence: number }[];
  followUpCaps: { tfc: string; maxRatio: number }[];
}

/** A Welsh-shaped practice code: the locality's codes never start with W, so it is never ours. */
export const OUT_OF_AREA_PRACTICE = 'W97021';

// ---------------------------------------------------------------------------------------------
// Tariff

/** 2025/26 national prices in pounds, before the market forces factor. */
const POD_PRICE: Record<Pod, number> = { OPFA: 185, OPFU: 96, OPPROC: 215, DC: 1010, EL: 4350, NEL: 2180, AE: 165 };
/** Specialty weights of the pod price for the common specialties (OP, DC, EL and NEL). */
const SPECIALTY_WEIGHT: Record<string, number> = {
  100: 0.95, 101: 1.02, 110: 0.97, 120: 0.9, 130: 0.85, 300: 1.2, 320: 1.1,
  330: 0.82, 340: 1.15, 400: 1.3, 410: 1.2, 430: 1.3, 502: 1.0, 650: 0.83,
};
/** A few HRG prices (2025/26 pounds), more specific than pod or pod+tfc. */
const HRG_PRICES: readonly [Pod, string, number][] = [
  ['DC', 'BZ34B', 905], ['DC', 'FE32Z', 745], ['EL', 'HN12D', 5940], ['EL', 'HN13D', 5620],
  ['NEL', 'DZ65K', 1890], ['NEL', 'EB03E', 2760],
  ['AE', 'VB03Z', 198], ['AE', 'VB07Z', 162], ['AE', 'VB09Z', 139], ['AE', 'VB11Z', 121],
];

/** The demo tariff for the years given (e.g. ['2024/25','2025/26']): 2025/26 prices, 2.5% a year less before it. */
export function demoTariff(years: readonly string[]): TariffCsvRow[] {
  const rows: TariffCsvRow[] = [];
  for (const year of years) {
    const uplift = 1.025 ** (startYearOf(year) - 2025);
    const row = (pod: Pod, tfc: string, hrg: string, pounds: number) => rows.push({ year, pod, tfc, hrg, price: poundsText(Math.round(pounds * uplift * 100)) });
    for (const pod of PODS) {
      row(pod, '', '', POD_PRICE[pod]);
      if (pod === 'AE') continue;
      for (const [tfc, weight] of Object.entries(SPECIALTY_WEIGHT)) row(pod, tfc, '', Math.round(POD_PRICE[pod] * weight));
    }
    for (const [pod, hrg, pounds] of HRG_PRICES) row(pod, '', hrg, pounds);
  }
  return rows;
}

const poundsText = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

function tariffOf(rows: readonly TariffCsvRow[]): Tariff {
  return new Tariff(rows.map((r): TariffRow => {
    const price = parsePounds(r.price);
    if (!price.ok) throw new Error(`demo tariff price ${r.price} ${price.message}`);
    return { year: r.year, pod: r.pod as Pod, tfc: r.tfc, hrg: r.hrg, pricePence: price.value };
  }));
}


// ---------------------------------------------------------------------------------------------
// Clinical content: what happens in each specialty

/** A procedure: OPCS-4 code, the HRG it usually groups to ('' = left to the grouper) and where it is done. */
interface Procedure { pod: 'OPPROC' | 'DC' | 'EL'; tfc: string; code: string; hrg: string; weight: number }
const p = (pod: Procedure['pod'], tfc: string, code: string, hrg: string, weight = 1): Procedure => ({ pod, tfc, code, hrg, weight });

/** Outpatient procedures, and day cases and electives that are not on the prior-approval list. */
const PROCEDURES: readonly Procedure[] = [
  p('OPPROC', '130', 'C79.4', 'BZ87A', 3), p('OPPROC', '101', 'M45.9', 'LB72A', 2), p('OPPROC', '110', 'W90.3', '', 2),
  p('OPPROC', '502', 'Q18.9', '', 1.5), p('OPPROC', '320', 'U19.2', '', 1.5), p('OPPROC', '340', 'U20.1', '', 1), p('OPPROC', '120', 'E25.9', '', 1),
  p('DC', '130', 'C71.2', 'BZ34B', 4), p('DC', '301', 'H22.9', 'FE32Z', 3), p('DC', '301', 'G45.9', 'FE22Z', 2.5), p('DC', '101', 'M45.9', 'LB72A', 2),
  p('DC', '502', 'Q18.9', '', 1.5), p('DC', '100', 'J18.3', 'GA10D', 1), p('DC', '120', 'E03.6', '', 0.7), p('DC', '320', 'K63.1', 'EY43A', 1),
  p('DC', '110', 'W90.3', '', 1.5), p('DC', '104', 'H22.9', 'FE32Z', 1),
  p('EL', '110', 'W40.1', 'HN12D', 3), p('EL', '110', 'W37.1', 'HN13D', 2.5), p('EL', '101', 'M65.3', 'LB25E', 1), p('EL', '100', 'J18.3', 'GA10D', 1),
  p('EL', '502', 'Q08.1', '', 0.8), p('EL', '104', 'H33.9', '', 0.5), p('EL', '320', 'K49.9', '', 0.5),
];
const byPod = (pod: Procedure['pod']) => PROCEDURES.filter((x) => x.pod === pod);
const LISTED_BY_TFC = new Map<string, Procedure[]>();
for (const x of PROCEDURES) if (x.pod !== 'OPPROC') LISTED_BY_TFC.set(x.tfc, [...(LISTED_BY_TFC.get(x.tfc) ?? []), x]);

/** An OPCS code for a prior-approval entry: a category (`L85`) gets `.9`, unspecified; major ones are electives. */
const priorApprovalProcedure = (code: string, tfc: string): Procedure =>
  p(['Q07', 'B31.1', 'S02.1'].includes(code) ? 'EL' : 'DC', tfc, code.includes('.') ? code : `${code}.9`, '');
const PRIOR_APPROVAL_BY_TFC = new Map<string, string[]>();
for (const x of PRIOR_APPROVAL_PROCEDURES) if (x.tfc) PRIOR_APPROVAL_BY_TFC.set(x.tfc, [...(PRIOR_APPROVAL_BY_TFC.get(x.tfc) ?? []), x.code]);

/** Emergency admissions: specialty, ICD-10 diagnosis, HRG and usual length of stay in days. */
interface Diagnosis { tfc: string; code: string; hrg: string; stay: number; weight: number }
const d = (tfc: string, code: string, hrg: string, stay: number, weight: number): Diagnosis => ({ tfc, code, hrg, stay, weight });
const EMERGENCY_DIAGNOSES: readonly Diagnosis[] = [
  d('300', 'J18.9', 'DZ11R', 6, 5), d('300', 'N39.0', 'LA04S', 4, 4), d('300', 'L03.1', 'JD07J', 4, 2), d('300', 'A41.9', 'WJ06J', 8, 1.5),
  d('300', 'R55', '', 1, 2), d('100', 'R10.4', 'FD05B', 1, 4), d('100', 'K35.8', '', 3, 1.5), d('110', 'S72.0', '', 12, 2),
  d('110', 'S52.5', '', 1, 1.5), d('320', 'R07.4', '', 1, 4), d('320', 'I48.9', '', 3, 1.5), d('340', 'J45.9', '', 2, 1.5),
  d('430', 'F05.9', '', 10, 1), d('400', 'I63.9', 'AA35D', 10, 1.5), d('502', 'O20.0', '', 1, 1), d('420', 'J21.9', '', 2, 1.5),
  d('340', 'J44.1', 'DZ65K', 5, 2), d('320', 'I50.0', 'EB03E', 8, 1.5),
];
/** The long-term conditions of the frequent attenders (falls: R29.6 tendency to fall; W19 is an external cause). */
const FREQUENT_CONDITIONS: readonly Diagnosis[] = [d('340', 'J44.1', 'DZ65K', 5, 1), d('320', 'I50.0', 'EB03E', 8, 1), d('430', 'R29.6', '', 4, 1)];
/** A&E: HRG by investigation and treatment category, most at the lower end. */
const AE_HRGS: readonly { hrg: string; weight: number }[] = [
  { hrg: 'VB03Z', weight: 1 }, { hrg: 'VB07Z', weight: 3 }, { hrg: 'VB09Z', weight: 3 }, { hrg: 'VB11Z', weight: 2 }, { hrg: '', weight: 0.5 },
];

/** Specialties of first attendances that did not come through the gateway. */
const OUTPATIENT_TFCS: readonly { tfc: string; weight: number }[] = Object.entries({
  100: 7, 101: 6, 110: 14, 120: 7, 130: 10, 300: 7, 320: 8, 330: 6, 340: 5, 400: 5, 410: 4, 430: 3, 502: 8, 650: 4, 301: 4,
}).map(([tfc, weight]) => ({ tfc, weight }));

/** Follow-up caps by specialty for the contracts; the generator's mean follow-ups sit a little below. */
const FOLLOW_UP_CAPS: Record<string, number> = {
  100: 2.0, 101: 2.4, 110: 2.2, 120: 1.8, 130: 2.5, 300: 2.5, 320: 2.2, 330: 1.5, 340: 2.5, 400: 2.4, 410: 2.5, 430: 2.2, 502: 1.9, 650: 2.5,
};
const DEFAULT_FOLLOW_UP_CAP = 2.2;
/** Mean follow-ups per first attendance = cap − margin: most providers within their caps, a few over by chance. */
const FOLLOW_UP_MARGIN = 0.12;
/** Planted: this specialty at the locality's first acute trust follows up 3–7 times after each first attendance. */
const FOLLOW_UP_OUTLIER = { tfc: '320', min: 3, max: 7 };

// ---------------------------------------------------------------------------------------------
// Rates: what arrives each day, per 1,000 registered patients a year (before `fraction`)

type Curve = (age: number) => number;
const OUTPATIENT_AGES: Curve = (a) => (a < 16 ? 0.5 : a < 45 ? 0.8 : a < 65 ? 1.2 : a < 75 ? 1.8 : 2);
const SURGICAL_AGES: Curve = (a) => (a < 16 ? 0.3 : a < 45 ? 0.55 : a < 65 ? 1.3 : a < 75 ? 2.4 : 2.6);
const EMERGENCY_AGES: Curve = (a) => (a < 5 ? 1.5 : a < 16 ? 0.5 : a < 45 ? 0.6 : a < 65 ? 0.9 : a < 75 ? 1.8 : a < 85 ? 3.5 : 5.5);
const AE_AGES: Curve = (a) => (a < 5 ? 1.6 : a < 16 ? 1 : a < 30 ? 1.2 : a < 65 ? 0.8 : a < 80 ? 1.2 : 2);

type Arrival = 'referred' | 'gp' | 'self' | 'other' | 'OPPROC' | 'DC' | 'EL' | 'NEL' | 'AE';
interface Stream { per1000: number; ages: Curve; emergency: boolean; warmUp: boolean }
/**
 * Arrivals that start a patient's story. The pods' totals come out near OPFA 300, OPFU 650,
 * OPPROC 90, DC 110, EL 25, NEL 95, AE 330 per 1,000 a year: first attendances also come from
 * C2C and after A&E, follow-ups and operations follow first attendances, and admissions also
 * come from frequent attenders and readmissions.
 */
const STREAMS: Record<Arrival, Stream> = {
  /** first attendances the gateway's referrals book (stands in for them when none are given) */
  referred: { per1000: 185, ages: OUTPATIENT_AGES, emergency: false, warmUp: true },
  /** GP referrals that never passed the gateway */
  gp: { per1000: 40, ages: OUTPATIENT_AGES, emergency: false, warmUp: true },
  self: { per1000: 8, ages: OUTPATIENT_AGES, emergency: false, warmUp: true },
  other: { per1000: 8, ages: OUTPATIENT_AGES, emergency: false, warmUp: true },
  OPPROC: { per1000: 90, ages: OUTPATIENT_AGES, emergency: false, warmUp: false },
  DC: { per1000: 70, ages: SURGICAL_AGES, emergency: false, warmUp: false },
  EL: { per1000: 6, ages: SURGICAL_AGES, emergency: false, warmUp: false },
  NEL: { per1000: 78, ages: EMERGENCY_AGES, emergency: true, warmUp: true },
  AE: { per1000: 280, ages: AE_AGES, emergency: true, warmUp: false },
};
const ARRIVALS = Object.keys(STREAMS) as Arrival[];

/** Month multipliers (Jan..Dec): planned care dips in August and December; emergencies peak in winter. */
const PLANNED_SEASON = [1.02, 1.04, 1.06, 0.98, 1.02, 1.03, 1.0, 0.86, 1.02, 1.05, 1.04, 0.86];
const EMERGENCY_SEASON = [1.12, 1.06, 1.02, 0.98, 0.98, 0.95, 0.98, 0.93, 0.95, 0.98, 1.02, 1.1];
const WORKING_DAYS_PER_YEAR = 252;

/** Simulate this long before `from`, so follow-ups and operations of earlier first attendances are there from day one. */
const WARM_UP_DAYS = 300;
/** Referral bookings take 3–20 weeks: before the referrals' first bookings fall due, earlier GP referrals stand in. */
const BOOKING_LAG = { first: 20, last: 150 };

const ELECTIVE_SHARE_AT_LOCAL = 0.7;
const EMERGENCY_SHARE_AT_LOCAL = 0.9;
const NEL_VIA_AE = 0.6;
const READMISSION = 0.08;
const FREQUENT_PER_PATIENT = 0.002;
const FREQUENT_ADMISSIONS_A_YEAR = 4;
const PLANT = { duplicate: 0.0012, repeat: 0.0012, priceOff: 0.005, priceBlank: 0.004, outOfArea: 0.005, priorApproval: 0.03 };

// ---------------------------------------------------------------------------------------------
// The generator

interface Patient { nhsNumber: string; practiceCode: string }

/** A visit planned for a day: the row is made when the day comes. */
/**
 * The hospital's diagnosis for a gateway referral's first attendance: mostly the GP's code, but
 * for about one patient in twelve (chosen by NHS number, so no random draw shifts the rest) the
 * trust codes something else — planted for the diagnosis-disagreement report (REF-9).
 */
function trustCoding(referralCode: string, nhsNumber: string): string {
  return Number(nhsNumber.slice(-2)) % 12 === 0 ? 'R52.9' : referralCode;
}

interface Visit {
  pod: Pod;
  patient: Patient;
  provider: string;
  tfc?: string;
  /** OPFA: referral source; `referral` when the gateway booked it */
  source?: string;
  referral?: { procedureCode: string | null; approved: boolean; diagnosis: string };
  /** OPFU: follow-ups left, this one included */
  followUps?: number;
  procedure?: Procedure;
  diagnosis?: Diagnosis;
  /** NEL: came in through A&E (an AE line the same day) */
  viaAe?: boolean;
}

interface PracticePlan { practice: DemoPractice; localAcute: string; ageFactor: Record<Arrival, number> }
interface FrequentAttender { patient: Patient; provider: string; condition: Diagnosis }

/**
 * Activity lines for the locality's practices at its acute trusts (and wherever the gateway's
 * referrals were booked) from `from` to `to`, in
 * activity-date order (a day at a time). Deterministic: the same locality and options give the
 * same rows. Pass the referrals of the same period so their bookings become first attendances.
 */
export function* generateActivity(locality: DemoLocality, options: DemoActivityOptions): Generator<ActivityCsvRow> {
  const { from, to } = options;
  const fraction = options.fraction ?? DEFAULT_REFERRAL_FRACTION;
  const seed = options.seed ?? locality.seed;
  if (to < from) throw new RangeError('The period must end on or after its first day.');
  if (!(fraction > 0 && fraction <= 1000)) throw new RangeError('The fraction must be above 0 and at most 1000.');
  const acutes = locality.providers.filter((x) => x.kind === 'acute').map((x) => x.code);
  if (!acutes.length) return;

  const rnd = createRandom(subSeed(seed, 61));
  // The simulated days, warm-up first, held once: visits are planned by day number (index).
  const calendar = calendarOf(addDays(from, -WARM_UP_DAYS), to); // validates both dates
  const first = calendar.index(from);
  const last = calendar.dates.length - 1;
  const price = pricing(locality, demoTariff(financialYearsBetween(from, to)));
  const codes = new Set(locality.providers.map((x) => x.code));
  const plans = locality.practices.map((practice): PracticePlan => {
    const local = localAcuteOf(practice, codes);
    return { practice, localAcute: acutes.includes(local) ? local : acutes[0]!, ageFactor: ageFactors(locality, practice) };
  });
  const outlier = { provider: acutes[0]!, tfc: FOLLOW_UP_OUTLIER.tfc };
  const nhsNumber = nhsNumbers();
  const newPatient = (practiceCode: string): Patient => ({ nhsNumber: nhsNumber(), practiceCode });
  const frequent = frequentAttenders(plans, fraction, rnd, newPatient);
  /** frequent attenders' last discharge (day number; -1 before their first admission), so their stays never overlap */
  const inHospital = new Map(frequent.map((a) => [a.patient.nhsNumber, -1]));

  /** visits planned for later days, by day number */
  const planned = new Map<number, Visit[]>();
  const plan = (day: number, visit: Visit) => {
    if (day > last) return;
    const list = planned.get(day);
    if (list) list.push(visit); else planned.set(day, [visit]);
  };
  /** the first working day `days` after `day` */
  const after = (day: number, days: number) => calendar.nextWorking[day + days] ?? Infinity;
  const otherAcute = (local: string) => rnd.pick(acutes.length > 1 ? acutes.filter((a) => a !== local) : acutes);
  const pickProvider = (local: string, emergency: boolean) =>
    rnd.next() < (emergency ? EMERGENCY_SHARE_AT_LOCAL : ELECTIVE_SHARE_AT_LOCAL) ? local : otherAcute(local);

  const referrals = options.referrals?.[Symbol.iterator]();
  let nextReferral = referrals?.next();
  const sequence = new Map<string, number>();

  for (let day = 0; day <= last; day++) {
    const date = calendar.dates[day]!;
    const warm = day < first;
    const year = financialMonthOf(date).year;
    const calendarMonth = Number(date.slice(5, 7)) - 1;
    if (date.endsWith('-01')) sequence.clear(); // activity ids count per provider per month

    // the gateway's bookings become first attendances on the booked date
    for (; nextReferral && !nextReferral.done && nextReferral.value.receivedAt.slice(0, 10) <= date; nextReferral = referrals!.next()) {
      const { input, outcome } = nextReferral.value;
      const provider = outcome?.bookedProvider ?? outcome?.forwardTo;
      if (!outcome?.bookedDate || !provider || (outcome.action !== 'forward' && outcome.action !== 'book')) continue;
      if (outcome.bookedDate < date || outcome.bookedDate < from || outcome.bookedDate > to) continue;
      plan(calendar.index(outcome.bookedDate), {
        pod: 'OPFA', provider, tfc: input.tfc, source: 'GP',
        patient: { nhsNumber: input.patient.nhsNumber, practiceCode: input.practiceCode },
        referral: {
          procedureCode: input.procedureCode ?? null, approved: Boolean(outcome.priorApproval),
          diagnosis: input.reason.system === 'icd10' ? trustCoding(input.reason.code, input.patient.nhsNumber) : '',
        },
      });
    }

    const visits = planned.get(day) ?? [];
    planned.delete(day);
    // new arrivals from every practice
    for (const practicePlan of plans) {
      const list = listSizeAt(locality, practicePlan.practice, date);
      for (const arrival of ARRIVALS) {
        const stream = STREAMS[arrival];
        if ((warm && !stream.warmUp) || (!stream.emergency && !calendar.working[day])) continue;
        let rate = stream.per1000 * practicePlan.ageFactor[arrival];
        if (arrival === 'referred' && options.referrals) rate *= standInShare(day - first);
        const perDay = (rate * list * fraction) / 1000 / (stream.emergency ? 365 : WORKING_DAYS_PER_YEAR);
        const season = (stream.emergency ? EMERGENCY_SEASON : PLANNED_SEASON)[calendarMonth]!;
        for (let k = poisson(rnd, perDay * season); k > 0; k--) visits.push(arrive(arrival, practicePlan));
      }
    }
    for (const attender of frequent) {
      if (rnd.next() < (FREQUENT_ADMISSIONS_A_YEAR / 365) * EMERGENCY_SEASON[calendarMonth]!) {
        visits.push({ pod: 'NEL', patient: attender.patient, provider: attender.provider, diagnosis: attender.condition, viaAe: rnd.next() < 0.8 });
      }
    }

    // during the warm-up only what the visits lead to matters: no lines are made
    const rows: ActivityCsvRow[] = [];
    const line = (visit: Visit, pod: Pod, fields: Partial<ActivityCsvRow>) => {
      if (warm) return;
      const row: ActivityCsvRow = {
        activity_id: '', provider_code: visit.provider, practice_code: visit.patient.practiceCode, nhs_number: visit.patient.nhsNumber,
        patient_pseudo: '', pod, tfc: '', hrg: '', activity_date: date, discharge_date: '', primary_diagnosis: '', primary_procedure: '',
        referral_source: '', referral_id: '', price: '', ...fields,
      };
      row.price = price(row.provider_code, year, pod, row.tfc, row.hrg);
      rows.push(row);
    };
    for (const visit of visits) happen(visit, day, line);
    const yyyymm = date.slice(0, 7).replace('-', '');
    for (const row of plantRows(rows)) {
      const n = (sequence.get(row.provider_code) ?? 0) + 1;
      sequence.set(row.provider_code, n);
      yield { ...row, activity_id: `${row.provider_code}-${yyyymm}-${String(n).padStart(6, '0')}` };
    }
  }

  function arrive(arrival: Arrival, { practice, localAcute }: PracticePlan): Visit {
    const stream = STREAMS[arrival];
    // planted: a few emergencies are visitors registered elsewhere
    const outOfArea = stream.emergency && rnd.next() < PLANT.outOfArea;
    const patient = newPatient(outOfArea ? OUT_OF_AREA_PRACTICE : practice.code);
    const provider = pickProvider(localAcute, stream.emergency);
    switch (arrival) {
      case 'referred':
      case 'gp':
        return { pod: 'OPFA', patient, provider, tfc: pickWeighted(rnd, OUTPATIENT_TFCS).tfc, source: 'GP' };
      case 'self':
        return { pod: 'OPFA', patient, provider, tfc: rnd.pick(['130', '502', '330']), source: 'SELF' };
      case 'other':
        return { pod: 'OPFA', patient, provider, tfc: rnd.pick(['130', '120', '101']), source: 'OTHER' };
      case 'OPPROC':
      case 'DC':
      case 'EL':
        return { pod: arrival, patient, provider, procedure: pickWeighted(rnd, byPod(arrival)) };
      case 'NEL':
        return { pod: 'NEL', patient, provider, viaAe: rnd.next() < NEL_VIA_AE };
      case 'AE':
        return { pod: 'AE', patient, provider };
    }
  }

  /** The visit takes place on `day`: its lines are made, and what follows from it is planned. */
  function happen(visit: Visit, day: number, line: Line) {
    switch (visit.pod) {
      case 'OPFA':
        line(visit, 'OPFA', { tfc: visit.tfc!, hrg: rnd.next() < 0.9 ? 'WF01B' : '', referral_source: visit.source!, primary_diagnosis: visit.referral?.diagnosis ?? '' });
        return firstAttendance(visit, day);
      case 'OPFU':
        line(visit, 'OPFU', { tfc: visit.tfc!, hrg: rnd.next() < 0.9 ? 'WF01A' : '' });
        if (visit.followUps! > 1) plan(after(day, rnd.int(28, 84)), { ...visit, followUps: visit.followUps! - 1 });
        return;
      case 'OPPROC':
      case 'DC':
      case 'EL': {
        const procedure = visit.procedure!;
        const stay = visit.pod === 'EL' ? rnd.int(1, 5) : 0;
        line(visit, visit.pod, {
          tfc: procedure.tfc, hrg: rnd.next() < 0.92 ? procedure.hrg : '', primary_procedure: procedure.code,
          discharge_date: visit.pod === 'OPPROC' ? '' : dischargeDate(day + stay),
        });
        return;
      }
      case 'NEL':
        return admit(visit, day, line);
      case 'AE':
        line(visit, 'AE', { tfc: rnd.next() < 0.1 ? '180' : '', hrg: pickWeighted(rnd, AE_HRGS).hrg });
        return attendAe(visit, day);
    }
  }

  /** After a first attendance: follow-ups, perhaps an operation, now and then a C2C referral. */
  function firstAttendance(visit: Visit, day: number) {
    const tfc = visit.tfc!;
    const outlying = visit.provider === outlier.provider && tfc === outlier.tfc;
    const followUps = outlying
      ? rnd.int(FOLLOW_UP_OUTLIER.min, FOLLOW_UP_OUTLIER.max)
      : binomial(rnd, 4, Math.max(0, (FOLLOW_UP_CAPS[tfc] ?? DEFAULT_FOLLOW_UP_CAP) - FOLLOW_UP_MARGIN) / 4);
    if (followUps > 0) plan(after(day, rnd.int(28, 84)), { pod: 'OPFU', patient: visit.patient, provider: visit.provider, tfc, followUps });

    const listed = (procedure: Procedure) =>
      plan(after(day, rnd.int(28, 126)), { pod: procedure.pod, patient: visit.patient, provider: visit.provider, procedure: { ...procedure, tfc } });
    const referral = visit.referral;
    const priorApprovals = PRIOR_APPROVAL_BY_TFC.get(tfc);
    if (referral?.approved && referral.procedureCode && rnd.next() < 0.7) listed(priorApprovalProcedure(referral.procedureCode, tfc));
    // planted: a prior-approval procedure for a patient whose referral named none (so had no approval)
    else if (referral && !referral.procedureCode && priorApprovals && rnd.next() < PLANT.priorApproval) listed(priorApprovalProcedure(rnd.pick(priorApprovals), tfc));
    else if (LISTED_BY_TFC.has(tfc) && rnd.next() < 0.3) listed(pickWeighted(rnd, LISTED_BY_TFC.get(tfc)!));

    // consultant to consultant: another specialty at the same trust
    if (visit.source !== 'C2C' && rnd.next() < 0.12) {
      const other = pickWeighted(rnd, OUTPATIENT_TFCS).tfc;
      if (other !== tfc) plan(after(day, rnd.int(14, 56)), { pod: 'OPFA', patient: visit.patient, provider: visit.provider, tfc: other, source: 'C2C' });
    }
  }

  /** After A&E: now and then a clinic (fracture clinic mostly), referral source AE. */
  function attendAe(visit: Visit, day: number) {
    if (rnd.next() < 0.06) {
      plan(after(day, rnd.int(3, 14)), { pod: 'OPFA', patient: visit.patient, provider: visit.provider, tfc: rnd.next() < 0.6 ? '110' : rnd.pick(['100', '300', '320']), source: 'AE' });
    }
  }

  /** An emergency admission, through A&E or not; now and then readmitted within 30 days of discharge. */
  function admit(visit: Visit, day: number, line: Line) {
    const nhs = visit.patient.nhsNumber;
    if (day <= (inHospital.get(nhs) ?? -1)) return; // a frequent attender still in hospital from the last admission
    const diagnosis = visit.diagnosis ?? pickWeighted(rnd, EMERGENCY_DIAGNOSES);
    const stay = rnd.next() < 0.3 ? rnd.int(0, 1) : Math.max(1, Math.round(diagnosis.stay * (0.4 + 1.2 * rnd.next())));
    if (visit.viaAe) line(visit, 'AE', { hrg: rnd.pick(['VB03Z', 'VB07Z']) });
    line(visit, 'NEL', { tfc: diagnosis.tfc, hrg: rnd.next() < 0.9 ? diagnosis.hrg : '', primary_diagnosis: diagnosis.code, discharge_date: dischargeDate(day + stay) });
    if (inHospital.has(nhs)) inHospital.set(nhs, day + stay);
    if (rnd.next() < READMISSION) {
      const again = rnd.next() < 0.5 ? diagnosis : pickWeighted(rnd, EMERGENCY_DIAGNOSES);
      plan(day + stay + rnd.int(2, 30), { pod: 'NEL', patient: visit.patient, provider: visit.provider, viaAe: true, diagnosis: again });
    }
  }

  /** The discharge date, or '' while the patient is still in hospital at the end of the period. */
  function dischargeDate(day: number) {
    return calendar.dates[day] ?? '';
  }

  /** The planted data-quality cases of the day's lines (see the header). */
  function* plantRows(rows: readonly ActivityCsvRow[]): Generator<ActivityCsvRow> {
    for (const original of rows) {
      let row = original;
      const roll = rnd.next();
      if (roll < PLANT.priceBlank) row = { ...row, price: '' };
      else if (roll < PLANT.priceBlank + PLANT.priceOff && row.price) row = { ...row, price: nudged(row.price, rnd.pick([-1, 1]) * rnd.int(2, 5)) };
      yield row;
      const extra = rnd.next();
      if (extra < PLANT.duplicate) yield row;
      else if (extra < PLANT.duplicate + PLANT.repeat) yield row.price && rnd.next() < 0.5 ? { ...row, price: nudged(row.price, 3) } : { ...row, hrg: 'UZ01Z' };
    }
  }
}

type Line = (visit: Visit, pod: Pod, fields: Partial<ActivityCsvRow>) => void;

/** The days from `start` to `end`: ISO dates, working or not, and the first working day on or after each. */
function calendarOf(start: string, end: string) {
  const first = dayNumber(start);
  dayNumber(end); // validates
  const dates: string[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) dates.push(date);
  const working = dates.map((date) => isWorkingDay(date));
  const nextWorking: number[] = new Array<number>(dates.length);
  for (let i = dates.length - 1, next = Infinity; i >= 0; i--) nextWorking[i] = next = working[i] ? i : next;
  return { dates, working, nextWorking, index: (date: string) => dayNumber(date) - first };
}

/** Prices lines at tariff × the provider's MFF, remembering each price (there are few distinct lines). */
function pricing(locality: DemoLocality, rows: readonly TariffCsvRow[]) {
  const tariff = tariffOf(rows);
  const mff = new Map(locality.providers.map((x) => [x.code, x.mff]));
  const known = new Map<string, string>();
  return (provider: string, year: string, pod: Pod, tfc: string, hrg: string): string => {
    const key = `${provider}|${year}|${pod}|${tfc}|${hrg}`;
    let price = known.get(key);
    if (price === undefined) {
      const found = tariff.price({ year, pod, tfc: tfc || null, hrg: hrg || null }, mff.get(provider) ?? 1);
      price = found ? poundsText(found.pricePence) : '';
      known.set(key, price);
    }
    return price;
  };
}

/** A few patients per practice with COPD, heart failure or falls, admitted again and again (planted). */
function frequentAttenders(plans: readonly PracticePlan[], fraction: number, rnd: Random, newPatient: (practiceCode: string) => Patient): FrequentAttender[] {
  const attenders: FrequentAttender[] = [];
  const add = ({ practice, localAcute }: PracticePlan) =>
    attenders.push({ patient: newPatient(practice.code), provider: localAcute, condition: rnd.pick(FREQUENT_CONDITIONS) });
  for (const plan of plans) {
    const expected = (plan.practice.listSizes[plan.practice.listSizes.length - 1] ?? 0) * fraction * FREQUENT_PER_PATIENT;
    for (let k = Math.floor(expected) + (rnd.next() < expected % 1 ? 1 : 0); k > 0; k--) add(plan);
  }
  if (!attenders.length && plans[0]) add(plans[0]); // every demo has one
  return attenders;
}

// ---------------------------------------------------------------------------------------------
// Contracts

/**
 * A contract per provider with activity in `year`, planned from the expected activity: the year's
 * lines scaled to 12 months, each × 0.9–1.1 (so some lines run over plan), valued at tariff × MFF.
 * The busiest provider does not allow consultant-to-consultant referrals; the others do. Follow-up
 * caps by specialty sit just above the usual ratios, so only the planted outlier runs far above.
 */
export function demoContracts(locality: DemoLocality, year: string, expected: Iterable<ActivityCsvRow>): DemoContract[] {
  const volumes = new Map<string, Map<string, { pod: Pod; tfc: string; volume: number }>>();
  const months = new Set<number>();
  for (const row of expected) {
    const when = financialMonthOf(row.activity_date);
    if (when.year !== year) continue;
    months.add(when.month);
    const lines = volumes.get(row.provider_code) ?? new Map<string, { pod: Pod; tfc: string; volume: number }>();
    volumes.set(row.provider_code, lines);
    const key = `${row.pod}|${row.tfc}`;
    const line = lines.get(key) ?? { pod: row.pod as Pod, tfc: row.tfc, volume: 0 };
    lines.set(key, line);
    line.volume += 1;
  }
  if (!months.size) return [];

  const tariff = tariffOf(demoTariff([year]));
  const mff = new Map(locality.providers.map((x) => [x.code, x.mff]));
  const rnd = createRandom(subSeed(locality.seed, 71, startYearOf(year)));
  const total = (lines: Map<string, { volume: number }>) => [...lines.values()].reduce((sum, l) => sum + l.volume, 0);
  const providers = [...volumes.keys()].sort((a, b) => total(volumes.get(b)!) - total(volumes.get(a)!) || a.localeCompare(b));
  const annualise = 12 / months.size;

  return providers.map((providerCode, i): DemoContract => {
    const lines = [...volumes.get(providerCode)!.values()]
      .sort((a, b) => PODS.indexOf(a.pod) - PODS.indexOf(b.pod) || a.tfc.localeCompare(b.tfc))
      .map(({ pod, tfc, volume }) => {
        const plannedVolume = Math.max(1, Math.round(volume * annualise * (0.9 + 0.2 * rnd.next())));
        const unit = tariff.price({ year, pod, tfc: tfc || null, hrg: null }, mff.get(providerCode) ?? 1)?.pricePence ?? 0;
        return { pod, tfc, plannedVolume, plannedValuePence: plannedVolume * unit };
      });
    const specialties = lines.filter((l) => l.pod === 'OPFA' && l.tfc).map((l) => l.tfc);
    const profiled = i % 2 === 1;
    return {
      providerCode, year,
      reference: `${locality.commissioner.code}-${providerCode}-${year.replace('/', '')}`,
      phasing: profiled ? 'profile' : 'even',
      profile: profiled ? PLANNED_PROFILE : null,
      c2cAllowed: i !== 0,
      lines,
      followUpCaps: specialties.map((tfc) => ({ tfc, maxRatio: FOLLOW_UP_CAPS[tfc] ?? DEFAULT_FOLLOW_UP_CAP })),
    };
  });
}

/** Planned-care seasonality as 12 monthly weights Apr..Mar (4 decimals, March takes the rounding). */
const PLANNED_PROFILE: number[] = (() => {
  const weights = Array.from({ length: 12 }, (_, m) => PLANNED_SEASON[(m + 3) % 12]!);
  const sum = weights.reduce((a, w) => a + w, 0);
  const profile = weights.slice(0, 11).map((w) => Math.round((w / sum) * 10_000) / 10_000);
  return [...profile, Math.round((1 - profile.reduce((a, w) => a + w, 0)) * 10_000) / 10_000];
})();

// ---------------------------------------------------------------------------------------------
// Helpers

const BAND_AGES = AGE_BANDS.map((b) => (b === '95+' ? 97 : (Number(b.split('-')[0]) + Number(b.split('-')[1])) / 2));
/** England's shape with no practice noise: the yardstick for each practice's age structure. */
const REFERENCE_CELLS = pyramidWeights('typical', { next: () => 0.5, int: (a) => a, pick: (xs) => xs[0]!, normal: () => 0 });
const ageFit = (cells: readonly PyramidCell[], curve: Curve) =>
  cells.reduce((sum, c, i) => sum + c.weight * curve(BAND_AGES[Math.floor(i / 2)]!), 0) / cells.reduce((sum, c) => sum + c.weight, 0);

/** How much more (or less) of each arrival an older (or younger) list has than England's shape. */
function ageFactors(locality: DemoLocality, practice: DemoPractice): Record<Arrival, number> {
  // the same pyramid as the practice's registered population (population.ts)
  const cells = pyramidWeights(practice.profile, createRandom(subSeed(locality.seed, 2, practice.index)));
  return Object.fromEntries(ARRIVALS.map((a) => [a, ageFit(cells, STREAMS[a].ages) / ageFit(REFERENCE_CELLS, STREAMS[a].ages)])) as Record<Arrival, number>;
}

function listSizeAt(locality: DemoLocality, practice: DemoPractice, date: string): number {
  let size = practice.listSizes[0] ?? 0;
  locality.periods.forEach((period, i) => {
    if (period <= date) size = practice.listSizes[i] ?? size;
  });
  return size;
}

/** Share of the usual first attendances still to be stood in for, `days` into the referral period (negative: before it). */
function standInShare(days: number): number {
  if (days < BOOKING_LAG.first) return 1;
  return Math.max(0, (BOOKING_LAG.last - days) / (BOOKING_LAG.last - BOOKING_LAG.first));
}


/** A price a few per cent off: `percent` may be negative. */
function nudged(price: string, percent: number): string {
  const pence = parsePounds(price);
  return pence.ok ? poundsText(Math.round((pence.value * (100 + percent)) / 100)) : price;
}

/**
 * Fictitious NHS numbers from the top of the 999 test range down (the referrals count up from
 * its bottom), each with a valid check digit. The range holds ~900,000 numbers: a national-size
 * run wraps round and reuses them.
 */
function nhsNumbers(): () => string {
  let stem = 999_999_999;
  return () => {
    for (;;) {
      if (stem < 999_000_000) stem = 999_999_999;
      const check = nhsNumberCheckDigit(String(stem));
      const number = `${stem--}${check}`;
      if (check !== null) return number;
    }
  };
}

function poisson(rnd: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let q = rnd.next(); q > limit; q *= rnd.next()) k++;
  return k;
}

function binomial(rnd: Random, n: number, probability: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rnd.next() < probability) k++;
  return k;
}

function pickWeighted<T extends { weight: number }>(rnd: Random, items: readonly T[]): T {
  let x = rnd.next() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) if ((x -= item.weight) < 0) return item;
  return items[items.length - 1]!;
}
