/**
 * A referral as it arrives through any of the three front doors (web form, FHIR, bulk CSV),
 * and the checks every referral must pass before anything is stored (REF-1, REF-2).
 */
import { checkCode, type CodeSystem } from '../codes/clinical-codes.js';
import { isTreatmentFunction } from '../codes/treatment-functions.js';
import { nhsNumberProblem, normaliseNhsNumber } from '../patient/nhs-number.js';

export const PRIORITIES = ['routine', 'urgent', '2ww'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type PatientSex = (typeof SEXES)[number];

export interface ReferralInput {
  /** the practice's own id: a repeat submission with the same id is the same referral */
  externalId?: string | null;
  practiceCode: string;
  clinician: string;
  patient: {
    nhsNumber: string;
    familyName: string;
    givenName: string;
    birthDate: string;
    sex: PatientSex;
    postcode: string;
  };
  /** specialty as a treatment function code */
  tfc: string;
  reason: { system: CodeSystem; code: string; display?: string | null };
  priority: Priority;
  /** ODS codes, first choice first */
  chosenProviders: string[];
  pathwayCode?: string | null;
  /** answers to the pathway's questions: test results, measurements, yes/no */
  clinicalInfo?: Record<string, string | number | boolean>;
  /** the procedure asked for (OPCS-4 or SNOMED CT), when named: checked against prior approval */
  procedureCode?: string | null;
  referralDate: string;
}

/** A problem with one field; `field` is a path in ReferralInput, e.g. `patient.nhsNumber`. */
export interface FieldProblem { field: string; message: string }

/** What the checks need to know about the world; gathered by the service, passed in. */
export interface ReferralContext {
  today: string;
  practiceExists(code: string): boolean;
  providerExists(code: string): boolean;
  pathwayExists(code: string): boolean;
  /** false only when a code list for that system is loaded and the code is not in it */
  codeKnown(system: CodeSystem, code: string): boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date that exists: `2025-02-30` and `1956-13-01` are shaped right but are not real. */
const isRealDate = (s: string) => {
  if (!ISO_DATE.test(s)) return false;
  const time = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(s);
};
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

/** Returns the input tidied (NHS number digits only, codes canonical) and every problem found. */
export function checkReferral(input: ReferralInput, ctx: ReferralContext): { referral: ReferralInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const p = input.patient;

  const nhsNumber = normaliseNhsNumber(p.nhsNumber ?? '');
  const nhsProblem = nhsNumberProblem(nhsNumber);
  if (nhsProblem) problem('patient.nhsNumber', `NHS number ${nhsProblem}`);
  if (!p.familyName?.trim()) problem('patient.familyName', 'Enter the patient’s family name');
  if (!p.givenName?.trim()) problem('patient.givenName', 'Enter the patient’s given name');
  if (!isRealDate(p.birthDate ?? '')) problem('patient.birthDate', 'Date of birth must be a real date, like 1956-03-27');
  else if (p.birthDate > ctx.today) problem('patient.birthDate', 'Date of birth must be in the past');
  if (!(['male', 'female', 'other', 'unknown'] as string[]).includes(p.sex)) problem('patient.sex', 'Sex must be male, female, other or unknown');
  const postcode = (p.postcode ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  if (!POSTCODE.test(postcode)) problem('patient.postcode', `"${p.postcode ?? ''}" is not a UK postcode`);

  if (!ctx.practiceExists(input.practiceCode)) problem('practiceCode', `${input.practiceCode || 'The practice'} is not a practice of this commissioner`);
  if (!input.clinician?.trim()) problem('clinician', 'Enter the referring clinician');
  if (!isTreatmentFunction(input.tfc)) problem('tfc', `${input.tfc || 'The specialty'} is not a treatment function code`);
  if (!(PRIORITIES as readonly string[]).includes(input.priority)) problem('priority', 'Priority must be routine, urgent or 2ww');

  let reasonCode = input.reason?.code ?? '';
  const checked = checkCode(input.reason?.system, reasonCode);
  if (!checked.ok) problem('reason.code', checked.message);
  else {
    reasonCode = checked.code;
    if (!ctx.codeKnown(input.reason.system, reasonCode)) problem('reason.code', `${reasonCode} is not in the loaded ${input.reason.system} code list`);
  }

  if (!input.chosenProviders?.length) problem('chosenProviders', 'Choose at least one provider');
  const seen = new Set<string>();
  input.chosenProviders?.forEach((code, i) => {
    if (!ctx.providerExists(code)) problem(`chosenProviders.${i}`, `${code} is not a known provider`);
    if (seen.has(code)) problem(`chosenProviders.${i}`, `${code} is chosen twice`);
    seen.add(code);
  });
  if (input.pathwayCode && !ctx.pathwayExists(input.pathwayCode)) problem('pathwayCode', `${input.pathwayCode} is not a pathway`);

  if (!isRealDate(input.referralDate ?? '')) problem('referralDate', 'Referral date must be a real date, like 2025-10-14');
  else if (input.referralDate > ctx.today) problem('referralDate', 'Referral date cannot be in the future');

  return {
    referral: { ...input, patient: { ...p, nhsNumber, postcode }, reason: { ...input.reason, code: reasonCode } },
    problems,
  };
}
