/**
 * Measures as versioned data definitions (issue 7 §8): what is counted, per what, whether it is
 * age/sex standardised, which way is better and why it matters. An analyst adds one as data (a JSON
 * or YAML file reviewed like code); `validateMeasure` names every bad field, and a published version
 * is never edited: a change is a new version with a later `validFrom`.
 */
import { isTreatmentFunction } from '../codes/treatment-functions.js';
import { PODS, type Pod } from '../activity/pricing.js';
import { parseIsoDate } from '../org/iso-date.js';

export const DIRECTIONS = ['lower is better', 'higher is better', 'no judgement'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What can be counted: gateway referrals, or provider activity lines of a kind. */
export const EVENT_KINDS = ['referrals', 'first_outpatient', 'follow_up', 'elective', 'day_case', 'non_elective', 'ae_attendance'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const STANDARDISATIONS = ['none', 'indirect_age_sex'] as const;
export type Standardisation = (typeof STANDARDISATIONS)[number];

export interface EventFilters {
  /** Treatment function codes (3 digits, e.g. '110'); any of them. */
  specialties?: string[];
  /** Points of delivery (OPFA, OPFU, …, AE); any of them. */
  pointsOfDelivery?: Pod[];
}

export interface EventSelection {
  events: EventKind;
  filters?: EventFilters;
}

export type Denominator =
  | { kind: 'registered_patients'; per: number }
  | { kind: 'weighted_patients'; per: number }
  | ({ kind: 'events' } & EventSelection);

export interface MeasureDefinition {
  /** Stable identifier, lower case with underscores, e.g. 'referrals_per_1000'. */
  code: string;
  /** 1, 2, …: a change to a published measure is a new version. */
  version: number;
  name: string;
  numerator: EventSelection;
  denominator: Denominator;
  standardisation: Standardisation;
  direction: Direction;
  /** Why it matters, in a sentence or two a practice can read. */
  rationale: string;
  /** First day this version applies (YYYY-MM-DD). */
  validFrom: string;
}

export interface FieldError { field: string; message: string }
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const oneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

function checkSelection(value: unknown, field: string, errors: FieldError[]) {
  if (!isRecord(value)) {
    errors.push({ field, message: 'must be an object with events and optional filters' });
    return;
  }
  if (!oneOf(EVENT_KINDS, value.events)) errors.push({ field: `${field}.events`, message: `must be one of: ${EVENT_KINDS.join(', ')}` });
  if (value.filters === undefined) return;
  if (!isRecord(value.filters)) {
    errors.push({ field: `${field}.filters`, message: 'must be an object' });
    return;
  }
  const { specialties, pointsOfDelivery, ...rest } = value.filters;
  for (const key of Object.keys(rest)) errors.push({ field: `${field}.filters.${key}`, message: 'is not a known filter (specialties, pointsOfDelivery)' });
  if (specialties !== undefined) {
    if (!Array.isArray(specialties) || specialties.length === 0) errors.push({ field: `${field}.filters.specialties`, message: 'must be a non-empty list of treatment function codes' });
    else specialties.forEach((code, i) => {
      if (typeof code !== 'string' || !/^\d{3}$/.test(code) || !isTreatmentFunction(code)) {
        errors.push({ field: `${field}.filters.specialties[${i}]`, message: `must be a known 3-digit treatment function code, not ${JSON.stringify(code)}` });
      }
    });
  }
  if (pointsOfDelivery !== undefined) {
    if (!Array.isArray(pointsOfDelivery) || pointsOfDelivery.length === 0) errors.push({ field: `${field}.filters.pointsOfDelivery`, message: 'must be a non-empty list of points of delivery' });
    else pointsOfDelivery.forEach((pod, i) => {
      if (!oneOf(PODS, pod)) errors.push({ field: `${field}.filters.pointsOfDelivery[${i}]`, message: `must be one of: ${PODS.join(', ')}` });
    });
  }
}

const KNOWN_FIELDS = ['code', 'version', 'name', 'numerator', 'denominator', 'standardisation', 'direction', 'rationale', 'validFrom'];

/** Checks a measure definition given as data; every problem is reported with the field it is in. */
export function validateMeasure(input: unknown): Validated<MeasureDefinition> {
  const errors: FieldError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ field: '(measure)', message: 'must be an object' }] };
  for (const key of Object.keys(input)) if (!KNOWN_FIELDS.includes(key)) errors.push({ field: key, message: 'is not a field of a measure' });
  if (typeof input.code !== 'string' || !/^[a-z][a-z0-9_]{1,63}$/.test(input.code)) {
    errors.push({ field: 'code', message: 'must be lower case letters, digits and underscores, starting with a letter (2-64 characters)' });
  }
  if (typeof input.version !== 'number' || !Number.isInteger(input.version) || input.version < 1) errors.push({ field: 'version', message: 'must be a whole number of 1 or more' });
  if (!isText(input.name)) errors.push({ field: 'name', message: 'is required' });
  if (!isText(input.rationale)) errors.push({ field: 'rationale', message: 'is required: say why the measure matters' });
  if (!oneOf(DIRECTIONS, input.direction)) errors.push({ field: 'direction', message: `must be one of: ${DIRECTIONS.join(', ')}` });
  if (!oneOf(STANDARDISATIONS, input.standardisation)) errors.push({ field: 'standardisation', message: `must be one of: ${STANDARDISATIONS.join(', ')}` });
  if (typeof input.validFrom !== 'string') errors.push({ field: 'validFrom', message: 'must be a date written YYYY-MM-DD' });
  else {
    const date = parseIsoDate(input.validFrom);
    if (!date.ok) errors.push({ field: 'validFrom', message: date.message });
  }
  checkSelection(input.numerator, 'numerator', errors);
  const denominator = input.denominator;
  if (!isRecord(denominator)) errors.push({ field: 'denominator', message: 'must be an object with a kind' });
  else if (denominator.kind === 'registered_patients' || denominator.kind === 'weighted_patients') {
    if (typeof denominator.per !== 'number' || !(denominator.per > 0) || !Number.isFinite(denominator.per)) errors.push({ field: 'denominator.per', message: 'must be a positive number, e.g. 1000' });
  } else if (denominator.kind === 'events') {
    const { kind: _kind, ...selection } = denominator;
    checkSelection(selection, 'denominator', errors);
  } else errors.push({ field: 'denominator.kind', message: 'must be one of: registered_patients, weighted_patients, events' });
  // Age/sex lists exist for registered patients only; weighted lists are already adjusted for need.
  if (input.standardisation === 'indirect_age_sex' && isRecord(denominator) && (denominator.kind === 'weighted_patients' || denominator.kind === 'events')) {
    errors.push({ field: 'standardisation', message: 'indirect_age_sex needs the registered_patients denominator' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: input as unknown as MeasureDefinition };
}

/** Checks a whole set: each measure, and that no code has the same version twice or two versions on one date. */
export function validateMeasures(inputs: readonly unknown[]): Validated<MeasureDefinition[]> {
  const errors: FieldError[] = [];
  const measures: MeasureDefinition[] = [];
  inputs.forEach((input, i) => {
    const result = validateMeasure(input);
    if (result.ok) measures.push(result.value);
    else errors.push(...result.errors.map((e) => ({ field: `[${i}].${e.field}`, message: e.message })));
  });
  const seen = new Map<string, number>();
  measures.forEach((m) => {
    for (const key of [`${m.code} version ${m.version}`, `${m.code} from ${m.validFrom}`]) {
      if (seen.has(key)) errors.push({ field: `[${inputs.indexOf(m)}]`, message: `${key} is defined twice` });
      seen.set(key, 1);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: measures };
}

/** The version of a measure in force on a date (the latest validFrom on or before it), or null. */
export function measureInForce(measures: readonly MeasureDefinition[], code: string, onDate: string): MeasureDefinition | null {
  return measures
    .filter((m) => m.code === code && m.validFrom <= onDate)
    .reduce<MeasureDefinition | null>((best, m) => (!best || m.validFrom > best.validFrom ? m : best), null);
}

const per1000 = { kind: 'registered_patients', per: 1000 } as const;

/** The measures every installation starts with. */
export const DEFAULT_MEASURES: readonly MeasureDefinition[] = [
  {
    code: 'referrals_per_1000', version: 1, name: 'Referrals per 1,000 patients',
    numerator: { events: 'referrals' }, denominator: per1000, standardisation: 'indirect_age_sex', direction: 'no judgement',
    rationale: 'How often the practice refers to hospital through the gateway, allowing for the age and sex of its list. A high or low rate is a prompt to look at the referrals, not a verdict: under-referral harms patients too.',
    validFrom: '2025-04-01',
  },
  {
    code: 'first_outpatient_per_1000', version: 1, name: 'First outpatient attendances per 1,000 patients',
    numerator: { events: 'first_outpatient', filters: { pointsOfDelivery: ['OPFA'] } }, denominator: per1000, standardisation: 'indirect_age_sex', direction: 'no judgement',
    rationale: 'New hospital outpatient appointments, the main cost that follows a referral. Compared with referrals it shows how many referrals turn into attendances.',
    validFrom: '2025-04-01',
  },
  {
    code: 'follow_up_per_1000', version: 1, name: 'Outpatient follow-ups per 1,000 patients',
    numerator: { events: 'follow_up', filters: { pointsOfDelivery: ['OPFU'] } }, denominator: per1000, standardisation: 'indirect_age_sex', direction: 'lower is better',
    rationale: 'Repeat outpatient appointments. Many could be discharged to the practice or done by telephone; fewer follow-ups free hospital time and patients\u2019 time.',
    validFrom: '2025-04-01',
  },
  {
    code: 'follow_up_to_first_ratio', version: 1, name: 'Follow-ups per first attendance',
    numerator: { events: 'follow_up', filters: { pointsOfDelivery: ['OPFU'] } },
    denominator: { kind: 'events', events: 'first_outpatient', filters: { pointsOfDelivery: ['OPFA'] } },
    standardisation: 'none', direction: 'lower is better',
    rationale: 'How many times patients go back after their first appointment. Contracts cap this ratio; a high ratio is often a hospital habit the practice can question.',
    validFrom: '2025-04-01',
  },
  {
    code: 'non_elective_per_1000', version: 1, name: 'Emergency (non-elective) admissions per 1,000 patients',
    numerator: { events: 'non_elective', filters: { pointsOfDelivery: ['NEL'] } }, denominator: per1000, standardisation: 'indirect_age_sex', direction: 'lower is better',
    rationale: 'Unplanned admissions, the most expensive activity; many (falls, COPD, heart failure) can be avoided with good care in the community.',
    validFrom: '2025-04-01',
  },
  {
    code: 'ae_attendances_per_1000', version: 1, name: 'A&E attendances per 1,000 patients',
    numerator: { events: 'ae_attendance', filters: { pointsOfDelivery: ['AE'] } }, denominator: per1000, standardisation: 'indirect_age_sex', direction: 'lower is better',
    rationale: 'Attendances at A&E. Some could have been seen in primary care; the A&E audit sheets show which.',
    validFrom: '2025-04-01',
  },
];
