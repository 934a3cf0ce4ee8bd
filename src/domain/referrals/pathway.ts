/**
 * Pathways (REF-3): what a referral for a specialty must show before it goes to a hospital.
 * Criteria are data (administrators edit them); this module only evaluates them.
 */
import type { ReferralInput } from './referral.js';

/** How the form asks for an answer: text unless a criterion says otherwise (thresholds are numbers). */
export type QuestionType = 'number' | 'text' | 'yes-no' | 'date';

/** Optional help for the form: a hint under the question and the unit of a value. */
interface Asked { hint?: string; unit?: string }

export type PathwayCriterion =
  /** a piece of clinical information that must be given, e.g. "duration of symptoms";
   *  asked as yes/no, it is met only by "yes" (e.g. "tried physiotherapy") */
  | { id: string; kind: 'required_field'; label: string; field: string; input?: QuestionType } & Asked
  /** a test that must have been done, with its result recorded, e.g. "knee X-ray" */
  | { id: string; kind: 'required_test'; label: string; test: string; input?: QuestionType } & Asked
  /** a measurement that must meet a threshold, e.g. BMI ≥ 40 */
  | { id: string; kind: 'threshold'; label: string; field: string; operator: '>=' | '<=' | '>' | '<'; value: number } & Asked
  /** diagnoses that this pathway does not take (ICD-10 prefixes or exact codes) */
  | { id: string; kind: 'excluded_diagnosis'; label: string; codes: string[]; hint?: string };

export interface CriterionResult { id: string; label: string; met: boolean; detail: string }

const present = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

/** A yes/no answer as forms, CSV and FHIR give it: `true`, "yes", "y", "true", "1". */
export const isYes = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && /^(yes|y|true|1)$/i.test(v.trim()));

/** A required field or test: given (and, for a yes/no question, answered yes). */
function answered(c: { id: string; label: string; input?: QuestionType }, value: unknown, missing: string): CriterionResult {
  if (!present(value)) return { id: c.id, label: c.label, met: false, detail: missing };
  if (c.input === 'yes-no') {
    const yes = isYes(value);
    return { id: c.id, label: c.label, met: yes, detail: `${c.label}: ${yes ? 'yes' : 'no'}` };
  }
  return { id: c.id, label: c.label, met: true, detail: `${c.label}: ${String(value)}` };
}

export function evaluatePathway(criteria: PathwayCriterion[], referral: Pick<ReferralInput, 'clinicalInfo' | 'reason'>): CriterionResult[] {
  const info = referral.clinicalInfo ?? {};
  return criteria.map((c): CriterionResult => {
    switch (c.kind) {
      case 'required_field':
        return answered(c, info[c.field], `${c.label} is missing`);
      case 'required_test':
        return answered(c, info[c.test], `${c.label} has not been recorded`);
      case 'threshold': {
        const raw = info[c.field];
        const value = typeof raw === 'number' ? raw : Number(raw);
        if (!present(raw) || Number.isNaN(value)) return { id: c.id, label: c.label, met: false, detail: `${c.label}: no value recorded` };
        const met = c.operator === '>=' ? value >= c.value : c.operator === '<=' ? value <= c.value : c.operator === '>' ? value > c.value : value < c.value;
        return { id: c.id, label: c.label, met, detail: `${c.label}: ${value} (needs ${c.operator} ${c.value})` };
      }
      case 'excluded_diagnosis': {
        const code = referral.reason.code.replace('.', '');
        const hit = c.codes.find((x) => code.startsWith(x.replace('.', '')));
        return hit
          ? { id: c.id, label: c.label, met: false, detail: `${referral.reason.code} is excluded from this pathway (${hit})` }
          : { id: c.id, label: c.label, met: true, detail: `${referral.reason.code} is not an excluded diagnosis` };
      }
    }
  });
}

export const meetsAll = (results: CriterionResult[]) => results.every((r) => r.met);

/** One input on the referral form: every criterion but an excluded diagnosis asks for one answer. */
export interface PathwayQuestion {
  /** the `clinicalInfo` key */
  key: string;
  label: string;
  type: QuestionType;
  hint?: string;
  unit?: string;
  /** the criteria this answer is checked against */
  criteria: string[];
}

/** The questions a pathway asks, in criterion order; criteria sharing a key share one question. */
export function pathwayQuestions(criteria: PathwayCriterion[]): PathwayQuestion[] {
  const byKey = new Map<string, PathwayQuestion>();
  for (const c of criteria) {
    if (c.kind === 'excluded_diagnosis') continue;
    const key = c.kind === 'required_test' ? c.test : c.field;
    const seen = byKey.get(key);
    if (seen) {
      seen.criteria.push(c.id);
      continue;
    }
    const type: QuestionType = c.kind === 'threshold' ? 'number' : (c.input ?? 'text');
    byKey.set(key, {
      key, label: c.label, type, criteria: [c.id],
      ...(c.hint ? { hint: c.hint } : {}), ...(c.unit ? { unit: c.unit } : {}),
    });
  }
  return [...byKey.values()];
}
