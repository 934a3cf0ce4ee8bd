/**
 * A&E audit sheets (REF-10): the rules of one audit entry — when an attendance counts as "in
 * hours", the age band from a date of birth, the choices a practice records, and the checks that
 * name each bad field. Pure: the server pseudonymises the NHS number and stores the entry.
 *
 * In hours (the core hours of the GP contract): Monday to Friday, from 08:00 up to but not
 * including 18:30, UK local time, on days that are not England and Wales bank holidays
 * (src/domain/calendar/bank-holidays.ts). Everything else — evenings, nights, weekends and bank
 * holidays — is out of hours. Attendance times are UK local wall-clock times ("2025-10-14T09:30").
 */
import { dayNumber, isWorkingDay } from '../calendar/working-days.js';
import { nhsNumberProblem } from '../patient/nhs-number.js';
import { AGE_BANDS, isAgeBand, type AgeBand } from '../population/age-bands.js';

export const AE_OUTCOMES = ['discharged', 'admitted', 'referred', 'left', 'other'] as const;
export type AeOutcome = (typeof AE_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<AeOutcome, string> = {
  discharged: 'Discharged',
  admitted: 'Admitted',
  referred: 'Referred on (clinic, GP or another service)',
  left: 'Left before being seen',
  other: 'Other',
};

export const COULD_SEE = ['yes', 'no', 'unsure'] as const;
export type CouldSee = (typeof COULD_SEE)[number];
export const COULD_SEE_LABELS: Record<CouldSee, string> = { yes: 'Yes', no: 'No', unsure: 'Unsure' };

export type Sex = 'M' | 'F';
export const SEX_LABELS: Record<Sex, string> = { M: 'Male', F: 'Female' };

/** Reasons practices most often write down, offered as suggestions; any other text is allowed. */
export const COMMON_REASONS = [
  'Minor injury (sprain, cut, bruise)',
  'Suspected fracture',
  'Chest pain',
  'Shortness of breath',
  'Abdominal pain',
  'Fever or infection in a child',
  'Urinary symptoms',
  'Rash or skin problem',
  'Headache',
  'Back pain',
  'Fall',
  'Mental health crisis',
  'Medication or prescription problem',
  'Could not get a GP appointment',
  'Sent by NHS 111',
  'Alcohol or drug related',
] as const;

export const IN_HOURS = { opens: '08:00', closes: '18:30' } as const;
export const IN_HOURS_RULE = 'In hours: Monday to Friday, 8am to 6:30pm, except bank holidays in England.';
const OPENS = 8 * 60;
const CLOSES = 18 * 60 + 30;

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** A UK local date and time written "YYYY-MM-DDTHH:MM": its date and minutes after midnight; null if not real. */
export function parseLocalDateTime(text: string): { date: string; minutes: number } | null {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return null;
  try {
    dayNumber(m[1]!);
  } catch {
    return null; // 2025-02-29 and the like
  }
  return { date: m[1]!, minutes: Number(m[2]) * 60 + Number(m[3]) };
}

/** Whether an attendance at this UK local date and time was within core hours (see the file's comment). */
export function isInHours(localDateTime: string, holidays?: ReadonlySet<string>): boolean {
  const at = parseLocalDateTime(localDateTime);
  if (!at) throw new RangeError(`"${localDateTime}" is not a date and time written YYYY-MM-DDTHH:MM`);
  return isWorkingDay(at.date, holidays) && at.minutes >= OPENS && at.minutes < CLOSES;
}

/** Age in whole years on a date (someone born on 29 February turns a year older on 1 March). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  dayNumber(dateOfBirth);
  dayNumber(onDate);
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The five-year band (as populations are published) of someone's age on a date. */
export function ageBandOn(dateOfBirth: string, onDate: string): AgeBand {
  const age = ageOn(dateOfBirth, onDate);
  if (age < 0) throw new RangeError('The date of birth is after the date.');
  return AGE_BANDS[Math.min(Math.floor(age / 5), AGE_BANDS.length - 1)]!;
}

/**
 * Broader age groups for the summary: an audit has tens of attendances, too few to spread over
 * twenty five-year bands. Under-5s stay apart (a group practices look at first).
 */
export const AGE_GROUPS = ['0-4', '5-14', '15-24', '25-44', '45-64', '65-74', '75+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function ageGroupOf(band: string): AgeGroup {
  if (!isAgeBand(band)) throw new RangeError(`"${band}" is not an age band`);
  const lower = band === '95+' ? 95 : Number(band.split('-')[0]);
  if (lower < 5) return '0-4';
  if (lower < 15) return '5-14';
  if (lower < 25) return '15-24';
  if (lower < 45) return '25-44';
  if (lower < 65) return '45-64';
  if (lower < 75) return '65-74';
  return '75+';
}

export interface Problem { field: string; message: string }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s: string) => {
  if (!ISO_DATE.test(s)) return false;
  try {
    dayNumber(s);
    return true;
  } catch {
    return false;
  }
};

const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1]} ${y}`;
};

export interface AuditPeriodInput { title: string; periodStart: string; periodEnd: string }

/** Checks a new audit: a title, real dates, the end not before the start, not starting in the future. */
export function auditProblems(input: AuditPeriodInput, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!input.title.trim()) problems.push({ field: 'title', message: 'Enter a title for the audit' });
  else if (input.title.trim().length > 200) problems.push({ field: 'title', message: 'Title must be 200 characters or fewer' });
  const startOk = isIsoDate(input.periodStart);
  const endOk = isIsoDate(input.periodEnd);
  if (!startOk) problems.push({ field: 'periodStart', message: 'Start of the period must be a real date, like 2025-10-01' });
  else if (input.periodStart > today) problems.push({ field: 'periodStart', message: 'Start of the period must be today or in the past' });
  if (!endOk) problems.push({ field: 'periodEnd', message: 'End of the period must be a real date, like 2025-10-31' });
  else if (startOk && input.periodEnd < input.periodStart) problems.push({ field: 'periodEnd', message: 'End of the period must be the same as or after the start' });
  else if (startOk && dayNumber(input.periodEnd) - dayNumber(input.periodStart) > 366) problems.push({ field: 'periodEnd', message: 'The period must be a year or shorter' });
  return problems;
}

export interface EntryInput {
  nhsNumber: string;
  /** either a date of birth (the band is worked out from it and only the band is kept) … */
  dateOfBirth?: string | null;
  /** … or the age band */
  ageBand?: string | null;
  sex: Sex;
  /** UK local time, "YYYY-MM-DDTHH:MM" */
  attendedAt: string;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
  notes?: string;
}

/** What is stored for an entry: no NHS number (the server turns it into a pseudonym) and no date of birth. */
export interface CheckedEntry {
  nhsNumber: string;
  ageBand: AgeBand;
  sex: Sex;
  attendedAt: string;
  inHours: boolean;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
  notes: string;
}

export const MAX_REASON = 500;
export const MAX_NOTES = 2000;

/**
 * Checks an entry against its audit's period (inclusive, UK local dates) and today; every bad
 * field is named. On success returns what to store, with the age band and "in hours" worked out.
 */
export function checkEntry(input: EntryInput, period: { start: string; end: string }, today: string): { ok: true; entry: CheckedEntry } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const say = (field: string, message: string) => problems.push({ field, message });

  const nhs = input.nhsNumber.replace(/[\s-]/g, '');
  if (!nhs) say('nhsNumber', 'Enter the patient’s NHS number');
  else {
    const problem = nhsNumberProblem(nhs);
    if (problem) say('nhsNumber', `NHS number ${problem}`);
  }

  const at = parseLocalDateTime(input.attendedAt);
  if (!at) say('attendedAt', 'Date and time of attendance must be a real date and a time, like 2025-10-14T09:30');
  else if (at.date < period.start || at.date > period.end) {
    say('attendedAt', `Date of attendance must be within the audit period, ${longDate(period.start)} to ${longDate(period.end)}`);
  } else if (at.date > today) say('attendedAt', 'Date of attendance must be today or in the past');

  let ageBand: AgeBand | null = null;
  const dob = input.dateOfBirth?.trim() || null;
  const band = input.ageBand?.trim() || null;
  if (dob) {
    if (!isIsoDate(dob)) say('dateOfBirth', 'Date of birth must be a real date, like 1980-05-17');
    else if (at && dob > at.date) say('dateOfBirth', 'Date of birth must be on or before the date of attendance');
    else if (at && ageOn(dob, at.date) > 120) say('dateOfBirth', 'Date of birth must be within the last 120 years');
    else if (at) ageBand = ageBandOn(dob, at.date);
  } else if (band) {
    if (isAgeBand(band)) ageBand = band;
    else say('ageBand', `Age band must be one of ${AGE_BANDS.join(', ')}`);
  } else say('ageBand', 'Enter the patient’s date of birth or choose their age band');

  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (!reason) say('reason', 'Enter the reason for the attendance');
  else if (reason.length > MAX_REASON) say('reason', `Reason must be ${MAX_REASON} characters or fewer`);
  const notes = (input.notes ?? '').trim();
  if (notes.length > MAX_NOTES) say('notes', `Notes must be ${MAX_NOTES} characters or fewer`);

  if (problems.length || !at || !ageBand) return { ok: false, problems };
  return {
    ok: true,
    entry: {
      nhsNumber: nhs, ageBand, sex: input.sex, attendedAt: input.attendedAt, inHours: isInHours(input.attendedAt), reason,
      primaryCareCouldSee: input.primaryCareCouldSee, outcome: input.outcome, notes,
    },
  };
}
