/**
 * The referral form's model, without React: its state, the checks made before sending (the server
 * makes them all again), the questions a pathway asks, and where each problem is shown.
 *
 * Problems are keyed by their path in ReferralInput (`patient.nhsNumber`, `chosenProviders.1`,
 * `clinicalInfo.bmi`), which is what the server's 422 `details[].field` names too, so client and
 * server problems land by the same field.
 */
import type { CodeSystem, PatientSex, PathwayCriterion, Priority, QuestionType, ReferralInput } from '../api/types.js';
import { dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { firstRadioId } from '../nhsuk/Radios.js';

export type Answer = string | DateParts;

export interface ReferralFormState {
  nhsNumber: string;
  familyName: string;
  givenName: string;
  birthDate: DateParts;
  sex: PatientSex | null;
  postcode: string;
  clinician: string;
  tfc: string;
  pathwayCode: string;
  answers: Record<string, Answer>;
  reasonSystem: CodeSystem | null;
  reasonCode: string;
  reasonDisplay: string;
  priority: Priority | null;
  providers: [string, string, string];
  procedureCode: string;
  referralDate: DateParts;
  attachment: File | null;
}

export type Problems = Record<string, string>;

export function emptyForm(today: Date): ReferralFormState {
  return {
    nhsNumber: '', familyName: '', givenName: '', birthDate: { day: '', month: '', year: '' }, sex: null, postcode: '',
    clinician: '', tfc: '', pathwayCode: '', answers: {},
    reasonSystem: null, reasonCode: '', reasonDisplay: '', priority: null,
    providers: ['', '', ''], procedureCode: '',
    referralDate: { day: String(today.getDate()), month: String(today.getMonth() + 1), year: String(today.getFullYear()) },
    attachment: null,
  };
}

// ── NHS number ────────────────────────────────────────────────────────────────────────────────

/** Modulus 11: weights 10..2 over the first nine digits; 11 → 0; 10 → no valid number. */
export function nhsNumberValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export function nhsNumberProblem(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!digits) return 'Enter the patient’s NHS number';
  if (!/^\d+$/.test(digits)) return 'NHS number must only include numbers';
  if (digits.length !== 10) return 'NHS number must be 10 digits';
  if (!nhsNumberValid(digits)) return 'Enter a valid NHS number: this one’s check digit does not match';
  return null;
}

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────

/** `YYYY-MM-DD` from the three boxes, or null when they do not make a real date. */
export function isoFromParts(parts: DateParts): string | null {
  const day = Number(parts.day.trim());
  const month = Number(parts.month.trim());
  const year = Number(parts.year.trim());
  if (![day, month, year].every(Number.isInteger) || year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

export const partsFromIso = (iso: string): DateParts => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day) || ''), month: String(Number(month) || ''), year };
};

const localToday = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** What is wrong with a date, in the NHS style ("Date of birth must include a month"). */
export function dateProblem(parts: DateParts, name: string, missing: string, when: 'past' | 'not-future'): string | null {
  const blank = (['day', 'month', 'year'] as const).filter((p) => !parts[p].trim());
  if (blank.length === 3) return missing;
  if (blank.length) return `${name} must include a ${blank.join(' and a ')}`;
  const iso = isoFromParts(parts);
  if (!iso) return `${name} must be a real date`;
  const today = localToday();
  if (when === 'past' && iso >= today) return `${name} must be in the past`;
  if (when === 'not-future' && iso > today) return `${name} must be today or in the past`;
  return null;
}

// ── Pathway questions ─────────────────────────────────────────────────────────────────────────

export interface Question {
  /** the clinicalInfo key */
  key: string;
  label: string;
  type: QuestionType;
  hint?: string;
  unit?: string;
}

/** One question per clinicalInfo key, in criterion order: thresholds ask for a number, the rest text unless the criterion says. */
export function pathwayQuestions(criteria: readonly PathwayCriterion[]): Question[] {
  const byKey = new Map<string, Question>();
  for (const c of criteria) {
    if (c.kind === 'excluded_diagnosis') continue;
    const key = c.kind === 'required_test' ? c.test : c.field;
    if (!key || byKey.has(key)) continue;
    const type: QuestionType = c.kind === 'threshold' ? 'number' : (c.input ?? 'text');
    byKey.set(key, { key, label: c.label, type, ...(c.hint ? { hint: c.hint } : {}), ...(c.unit ? { unit: c.unit } : {}) });
  }
  return [...byKey.values()];
}

export const answerFieldId = (key: string) => `info-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

// ── Where each problem is shown ───────────────────────────────────────────────────────────────

/** The form's fields in page order: error summary order, and the id each links to. */
const FIELDS: { path: string; id: string }[] = [
  { path: 'patient.nhsNumber', id: 'nhs-number' },
  { path: 'patient.familyName', id: 'family-name' },
  { path: 'patient.givenName', id: 'given-name' },
  { path: 'patient.birthDate', id: dateInputId('birth-date') },
  { path: 'patient.sex', id: firstRadioId('sex') },
  { path: 'patient.postcode', id: 'postcode' },
  { path: 'clinician', id: 'clinician' },
  { path: 'tfc', id: 'tfc' },
  { path: 'pathwayCode', id: 'pathway' },
  { path: 'clinicalInfo', id: 'pathway' },
  { path: 'reason.system', id: firstRadioId('reason-system') },
  { path: 'reason.code', id: 'reason-code' },
  { path: 'reason.display', id: 'reason-display' },
  { path: 'priority', id: firstRadioId('priority') },
  { path: 'chosenProviders', id: 'provider-1' },
  { path: 'chosenProviders.0', id: 'provider-1' },
  { path: 'chosenProviders.1', id: 'provider-2' },
  { path: 'chosenProviders.2', id: 'provider-3' },
  { path: 'procedureCode', id: 'procedure-code' },
  { path: 'referralDate', id: dateInputId('referral-date') },
  { path: 'attachment', id: 'attachment' },
];

/** The id of the field a problem is about; clinicalInfo.<key> goes to that question; others have none. */
export function fieldIdFor(path: string, questions: readonly Question[] = []): string | undefined {
  if (path.startsWith('clinicalInfo.')) {
    const key = path.slice('clinicalInfo.'.length);
    return questions.some((q) => q.key === key) ? answerFieldId(key) : 'pathway';
  }
  return FIELDS.find((f) => f.path === path)?.id;
}

/** Problems in the order the fields appear on the page (unknown fields last). */
export function orderedProblems(problems: Problems, questions: readonly Question[]): { path: string; text: string; fieldId?: string }[] {
  const rank = (path: string) => {
    if (path.startsWith('clinicalInfo.')) {
      const q = questions.findIndex((x) => `clinicalInfo.${x.key}` === path);
      return FIELDS.findIndex((f) => f.path === 'clinicalInfo') + (q + 1) / 100;
    }
    const i = FIELDS.findIndex((f) => f.path === path);
    return i < 0 ? FIELDS.length : i;
  };
  return Object.entries(problems)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([path, text]) => ({ path, text, fieldId: fieldIdFor(path, questions) }));
}

// ── Checks and the request ────────────────────────────────────────────────────────────────────

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** What is wrong with a file to attach, said as the referral form says it, or null. (The server checks its contents too.) */
export function attachmentProblem(file: File): string | null {
  if (!ATTACHMENT_TYPES.includes(file.type)) return 'The attachment must be a PDF, PNG or JPEG file';
  if (file.size > ATTACHMENT_MAX_BYTES) return 'The attachment must be 5 MB or smaller';
  if (file.size === 0) return 'The attachment is empty';
  return null;
}

export function checkForm(form: ReferralFormState, questions: readonly Question[]): Problems {
  const problems: Problems = {};
  const add = (path: string, message: string | null) => { if (message) problems[path] = message; };

  add('patient.nhsNumber', nhsNumberProblem(form.nhsNumber));
  if (!form.familyName.trim()) add('patient.familyName', 'Enter the patient’s family name');
  if (!form.givenName.trim()) add('patient.givenName', 'Enter the patient’s given name');
  add('patient.birthDate', dateProblem(form.birthDate, 'Date of birth', 'Enter the patient’s date of birth', 'past'));
  if (!form.sex) add('patient.sex', 'Select the patient’s sex');
  if (!form.postcode.trim()) add('patient.postcode', 'Enter the patient’s postcode');
  else if (!POSTCODE.test(form.postcode.trim())) add('patient.postcode', 'Enter a full UK postcode, like SG1 1AB');

  if (!form.clinician.trim()) add('clinician', 'Enter the name of the referring clinician');
  if (!form.tfc) add('tfc', 'Select the specialty');
  for (const q of questions) {
    const answer = form.answers[q.key];
    if (q.type === 'number' && typeof answer === 'string' && answer.trim() && Number.isNaN(Number(answer.trim()))) {
      add(`clinicalInfo.${q.key}`, `${q.label} must be a number`);
    }
    if (q.type === 'date' && answer && typeof answer !== 'string' && (answer.day || answer.month || answer.year)) {
      add(`clinicalInfo.${q.key}`, dateProblem(answer, q.label, `Enter the ${q.label.toLowerCase()}`, 'not-future'));
    }
  }
  if (!form.reasonSystem) add('reason.system', 'Select the code system of the clinical reason');
  if (!form.reasonCode.trim()) add('reason.code', 'Enter the code of the clinical reason');
  if (!form.priority) add('priority', 'Select the priority');

  if (!form.providers[0]) add('chosenProviders.0', 'Select the first choice of provider');
  const seen = new Set<string>();
  form.providers.forEach((code, i) => {
    if (!code) return;
    if (seen.has(code)) add(`chosenProviders.${i}`, 'Choose a different provider for each choice');
    seen.add(code);
  });
  if (!form.providers[1] && form.providers[2]) add('chosenProviders.1', 'Select a second choice before a third');

  add('referralDate', dateProblem(form.referralDate, 'Referral date', 'Enter the referral date', 'not-future'));

  const file = form.attachment;
  const fileProblem = file && attachmentProblem(file);
  if (fileProblem) add('attachment', fileProblem);
  return problems;
}

function answerValue(q: Question, answer: Answer | undefined): string | number | boolean | undefined {
  if (answer === undefined) return undefined;
  if (typeof answer !== 'string') return isoFromParts(answer) ?? undefined;
  const text = answer.trim();
  if (!text) return undefined;
  if (q.type === 'number') return Number(text);
  if (q.type === 'yes-no') return text === 'yes';
  return text;
}

/** The request body; call only after checkForm found nothing. */
export function toReferralInput(form: ReferralFormState, practiceCode: string, questions: readonly Question[]): ReferralInput {
  const clinicalInfo: Record<string, string | number | boolean> = {};
  for (const q of questions) {
    const value = answerValue(q, form.answers[q.key]);
    if (value !== undefined) clinicalInfo[q.key] = value;
  }
  return {
    practiceCode,
    clinician: form.clinician.trim(),
    patient: {
      nhsNumber: form.nhsNumber.replace(/[\s-]/g, ''),
      familyName: form.familyName.trim(),
      givenName: form.givenName.trim(),
      birthDate: isoFromParts(form.birthDate) ?? '',
      sex: form.sex ?? 'unknown',
      postcode: form.postcode.trim().toUpperCase(),
    },
    tfc: form.tfc,
    reason: { system: form.reasonSystem ?? 'icd10', code: form.reasonCode.trim(), display: form.reasonDisplay.trim() || null },
    priority: form.priority ?? 'routine',
    chosenProviders: form.providers.filter(Boolean),
    pathwayCode: form.pathwayCode || null,
    clinicalInfo,
    procedureCode: form.procedureCode.trim() || null,
    referralDate: isoFromParts(form.referralDate) ?? '',
  };
}

/** A random id for this filling-in of the form: sent as Idempotency-Key so a repeat send is the same referral. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
