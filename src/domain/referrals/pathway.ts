/**
 * Pathways (REF-3): what a referral for a specialty must show before it goes to a hospital.
 * Criteria are data (administrators edit them); this module only evaluates them.
 */
import type { ReferralInput } from './referral.js';

export type PathwayCriterion =
  /** a piece of clinical information that must be given, e.g. "duration of symptoms" */
  | { id: string; kind: 'required_field'; label: string; field: string }
  /** a test that must have been done, with its result recorded, e.g. "knee X-ray" */
  | { id: string; kind: 'required_test'; label: string; test: string }
  /** a measurement that must meet a threshold, e.g. BMI ≥ 40 */
  | { id: string; kind: 'threshold'; label: string; field: string; operator: '>=' | '<=' | '>' | '<'; value: number }
  /** diagnoses that this pathway does not take (ICD-10 prefixes or exact codes) */
  | { id: string; kind: 'excluded_diagnosis'; label: string; codes: string[] };

export interface CriterionResult { id: string; label: string; met: boolean; detail: string }

const present = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

export function evaluatePathway(criteria: PathwayCriterion[], referral: Pick<ReferralInput, 'clinicalInfo' | 'reason'>): CriterionResult[] {
  const info = referral.clinicalInfo ?? {};
  return criteria.map((c): CriterionResult => {
    switch (c.kind) {
      case 'required_field':
        return present(info[c.field])
          ? { id: c.id, label: c.label, met: true, detail: `${c.label}: ${String(info[c.field])}` }
          : { id: c.id, label: c.label, met: false, detail: `${c.label} is missing` };
      case 'required_test':
        return present(info[c.test])
          ? { id: c.id, label: c.label, met: true, detail: `${c.label}: ${String(info[c.test])}` }
          : { id: c.id, label: c.label, met: false, detail: `${c.label} has not been recorded` };
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
