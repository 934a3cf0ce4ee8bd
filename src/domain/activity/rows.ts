/**
 * Whole-row validation of tariff.csv and activity.csv (FORMATS.md), in the shape the shared import
 * pipeline expects (see ../org/rows.ts): every problem in a row is reported, not just the first.
 */
import { normaliseIcd10 } from '../codes/clinical-codes.js';
import { parsePracticeCode, parseProviderCode } from '../org/codes.js';
import { parseIsoDate } from '../org/iso-date.js';
import { fail, ok, type Parsed } from '../org/parsed.js';
import { parseRow, type CellError, type Cells, type ColumnSet, type RowResult } from '../org/rows.js';
import { nhsNumberProblem, normaliseNhsNumber } from '../patient/nhs-number.js';
import { financialMonthOf, parseFinancialYear } from './financial-year.js';
import { parsePounds } from './money.js';
import { PODS, type Pod, type TariffRow } from './pricing.js';

const optional = <T>(parse: (s: string) => Parsed<T>) => (s: string): Parsed<T | null> => (s.trim() === '' ? ok(null) : parse(s));

export function parsePod(input: string): Parsed<Pod> {
  const pod = input.trim().toUpperCase();
  return (PODS as readonly string[]).includes(pod) ? ok(pod as Pod) : fail(`must be a point of delivery: ${PODS.join(', ')}`);
}

/** Treatment function codes are three digits (e.g. 110 trauma and orthopaedics). */
export function parseTfc(input: string): Parsed<string> {
  const tfc = input.trim();
  return /^\d{3}$/.test(tfc) ? ok(tfc) : fail('must be a 3-digit treatment function code, like 110');
}

/** HRG4+ codes: two letters, two digits, then up to two letters or digits (e.g. BZ34B, WF01A). */
export function parseHrg(input: string): Parsed<string> {
  const hrg = input.trim().toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{0,2}$/.test(hrg) ? ok(hrg) : fail('must be an HRG code, like BZ34B');
}

export function parseIcd10(input: string): Parsed<string> {
  const code = normaliseIcd10(input);
  return code ? ok(code) : fail('must be an ICD-10 code with or without the dot, like M17.1 or M171');
}

/** OPCS-4: a letter, two digits, then optionally a dot and a digit (W40.1, W401, L85). */
export function parseOpcs4(input: string): Parsed<string> {
  const m = /^([A-Z]\d{2})\.?(\d)?$/.exec(input.trim().toUpperCase());
  if (!m) return fail('must be an OPCS-4 procedure code, like W40.1');
  return ok(m[2] ? `${m[1]}.${m[2]}` : m[1]!);
}

export const REFERRAL_SOURCES = ['GP', 'C2C', 'AE', 'SELF', 'OTHER'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export function parseReferralSource(input: string): Parsed<ReferralSource> {
  const source = input.trim().toUpperCase();
  return (REFERRAL_SOURCES as readonly string[]).includes(source) ? ok(source as ReferralSource) : fail(`must be one of ${REFERRAL_SOURCES.join(', ')}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function parseReferralId(input: string): Parsed<string> {
  const id = input.trim().toLowerCase();
  return UUID.test(id) ? ok(id) : fail('must be the gateway’s referral id (a UUID, as shown on the referral)');
}

export function parseActivityId(input: string): Parsed<string> {
  const id = input.trim();
  if (!id) return fail('is required: the provider’s own id for the line');
  return id.length <= 40 ? ok(id) : fail(`must be at most 40 characters (it has ${id.length})`);
}

// ---------------------------------------------------------------------------------------------
// tariff.csv

export const TARIFF_COLUMNS: ColumnSet = { required: ['year', 'pod', 'price'], optional: ['tfc', 'hrg'] };

export const parseTariffRow = (cells: Cells): RowResult<TariffRow> => {
  const parsed = parseRow<{ year: string; pod: Pod; tfc: string | null; hrg: string | null; pricePence: number }>(cells, {
    year: ['year', parseFinancialYear],
    pod: ['pod', parsePod],
    tfc: ['tfc', optional(parseTfc)],
    hrg: ['hrg', optional(parseHrg)],
    pricePence: ['price', parsePounds],
  });
  return parsed.ok ? { ok: true, value: { ...parsed.value, tfc: parsed.value.tfc ?? '', hrg: parsed.value.hrg ?? '' } } : parsed;
};

// ---------------------------------------------------------------------------------------------
// activity.csv

export const ACTIVITY_COLUMNS: ColumnSet = {
  required: ['activity_id', 'provider_code', 'practice_code', 'pod', 'activity_date'],
  optional: ['nhs_number', 'patient_pseudo', 'tfc', 'hrg', 'discharge_date', 'primary_diagnosis', 'primary_procedure', 'referral_source', 'referral_id', 'price'],
};

/** A line as checked: the patient already pseudonymised, the NHS number gone. */
export interface ActivityLine {
  activityId: string;
  providerCode: string;
  practiceCode: string;
  patientPseudo: string;
  pod: Pod;
  tfc: string | null;
  hrg: string | null;
  activityDate: string;
  dischargeDate: string | null;
  year: string;
  month: number;
  primaryDiagnosis: string | null;
  primaryProcedure: string | null;
  referralSource: ReferralSource | null;
  referralId: string | null;
  providerPricePence: number | null;
}

export interface ActivityRowContext {
  /** the installation's keyed pseudonym of an NHS number (the referral gateway's) */
  pseudonymise(nhsNumber: string): string;
  /** no activity is dated after today (ISO date) */
  today: string;
}

const PSEUDONYM = /^[A-Za-z0-9_-]{8,128}$/;

// Built once: a provider's year can be millions of rows.
const ACTIVITY_FIELDS = {
  activityId: ['activity_id', parseActivityId],
  providerCode: ['provider_code', parseProviderCode],
  practiceCode: ['practice_code', parsePracticeCode],
  pod: ['pod', parsePod],
  tfc: ['tfc', optional(parseTfc)],
  hrg: ['hrg', optional(parseHrg)],
  activityDate: ['activity_date', parseIsoDate],
  dischargeDate: ['discharge_date', optional(parseIsoDate)],
  primaryDiagnosis: ['primary_diagnosis', optional(parseIcd10)],
  primaryProcedure: ['primary_procedure', optional(parseOpcs4)],
  referralSource: ['referral_source', optional(parseReferralSource)],
  referralId: ['referral_id', optional(parseReferralId)],
  providerPricePence: ['price', optional(parsePounds)],
} as const;

export function parseActivityRow(cells: Cells, context: ActivityRowContext): RowResult<ActivityLine> {
  const parsed = parseRow(cells, ACTIVITY_FIELDS);
  const errors: CellError[] = parsed.ok ? [] : [...parsed.errors];
  const cell = (column: string) => (cells[column] ?? '').trim();

  // The patient: an NHS number (pseudonymised here, never kept) or an already pseudonymised id.
  const nhsNumber = cell('nhs_number');
  const pseudo = cell('patient_pseudo');
  let patientPseudo = '';
  if (nhsNumber) {
    const problem = nhsNumberProblem(nhsNumber);
    if (problem) errors.push({ column: 'nhs_number', value: maskNhsNumber(nhsNumber), message: problem });
    else patientPseudo = context.pseudonymise(normaliseNhsNumber(nhsNumber));
  } else if (pseudo) {
    if (PSEUDONYM.test(pseudo)) patientPseudo = pseudo;
    else errors.push({ column: 'patient_pseudo', value: pseudo, message: 'must be 8 to 128 letters, digits, - or _' });
  } else {
    errors.push({ column: 'nhs_number', value: '', message: 'is required when patient_pseudo is blank: give one of the two' });
  }

  if (!parsed.ok) return { ok: false, errors };
  const line = parsed.value;
  if (line.pod !== 'AE' && !line.tfc) errors.push({ column: 'tfc', value: '', message: `is required for ${line.pod} lines (only A&E may leave it blank)` });
  if (line.activityDate > context.today) errors.push({ column: 'activity_date', value: line.activityDate, message: `is in the future (today is ${context.today})` });
  if (line.dischargeDate && line.dischargeDate < line.activityDate) {
    errors.push({ column: 'discharge_date', value: line.dischargeDate, message: `is before the activity date ${line.activityDate}` });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { ...line, patientPseudo, ...financialMonthOf(line.activityDate) } };
}

/** An NHS number shown in an error report keeps only its last three digits. */
export const maskNhsNumber = (input: string) => input.replace(/\d(?=(?:\D*\d){3})/g, '•');
