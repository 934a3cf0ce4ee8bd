import { describe, expect, it } from 'vitest';
import { evaluatePathway, meetsAll, type PathwayCriterion } from './pathway.js';

const weightManagement: PathwayCriterion[] = [
  { id: 'bmi', kind: 'threshold', label: 'BMI', field: 'bmi', operator: '>=', value: 40 },
  { id: 'hba1c', kind: 'required_test', label: 'HbA1c in the last 3 months', test: 'hba1c' },
  { id: 'tier2', kind: 'required_field', label: 'Tier 2 programme completed', field: 'tier2_completed' },
  { id: 'no-ed', kind: 'excluded_diagnosis', label: 'No active eating disorder', codes: ['F50'] },
];

describe('pathway criteria', () => {
  it('shows which criteria a referral meets and which it misses', () => {
    const results = evaluatePathway(weightManagement, { reason: { system: 'icd10', code: 'E66.0' }, clinicalInfo: { bmi: 38.5, hba1c: '48 mmol/mol' } });
    expect(results.map((r) => [r.id, r.met])).toEqual([['bmi', false], ['hba1c', true], ['tier2', false], ['no-ed', true]]);
    expect(results[0]!.detail).toBe('BMI: 38.5 (needs >= 40)');
    expect(meetsAll(results)).toBe(false);
  });

  it('excludes a diagnosis by prefix, with or without the dot', () => {
    const [excluded] = evaluatePathway([weightManagement[3]!], { reason: { system: 'icd10', code: 'F50.0' } });
    expect(excluded).toMatchObject({ met: false });
  });

  it('treats a threshold without a number as not met', () => {
    const [bmi] = evaluatePathway([weightManagement[0]!], { reason: { system: 'icd10', code: 'E66' }, clinicalInfo: { bmi: 'tall' } });
    expect(bmi).toMatchObject({ met: false, detail: 'BMI: no value recorded' });
  });
});
