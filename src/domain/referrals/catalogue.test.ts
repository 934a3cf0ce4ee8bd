import { describe, expect, it } from 'vitest';
import { isTreatmentFunction } from '../codes/treatment-functions.js';
import { generateLocality } from '../demo/locality.js';
import { COMMUNITY_SERVICES, communityServiceByCode, PATHWAYS, pathwayByCode, PRIOR_APPROVAL_PROCEDURES } from './catalogue.js';
import { evaluatePathway, isYes, pathwayQuestions, type PathwayCriterion } from './pathway.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const providers = new Set(generateLocality().providers.map((p) => p.code));

describe('demo pathways', () => {
  it('cover the six specialties the issue names, with codes the table accepts', () => {
    expect(PATHWAYS.length).toBeGreaterThanOrEqual(6);
    expect(PATHWAYS.map((p) => p.tfc)).toEqual(expect.arrayContaining(['110', '330', '120', '302', '130', '502']));
    expect(new Set(PATHWAYS.map((p) => p.code)).size).toBe(PATHWAYS.length);
    for (const p of PATHWAYS) {
      expect(p.code).toMatch(/^[a-z0-9][a-z0-9-]{1,40}$/);
      expect(isTreatmentFunction(p.tfc), `${p.code} tfc ${p.tfc}`).toBe(true);
      expect(p.name.trim()).not.toBe('');
      expect(p.description.trim()).not.toBe('');
      expect(pathwayByCode(p.code)).toBe(p);
    }
  });

  it('have unique criterion ids, snake_case keys and every kind of criterion somewhere', () => {
    const kinds = new Set<string>();
    for (const p of PATHWAYS) {
      expect(new Set(p.criteria.map((c) => c.id)).size, p.code).toBe(p.criteria.length);
      expect(p.criteria.length).toBeGreaterThanOrEqual(4);
      for (const c of p.criteria) {
        kinds.add(c.kind);
        if (c.kind === 'required_field' || c.kind === 'threshold') expect(c.field).toMatch(SNAKE);
        if (c.kind === 'required_test') expect(c.test).toMatch(SNAKE);
        if (c.kind === 'excluded_diagnosis') for (const code of c.codes) expect(code).toMatch(/^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?$/);
      }
    }
    expect(kinds).toEqual(new Set(['required_field', 'required_test', 'threshold', 'excluded_diagnosis']));
  });

  it('evaluate: nothing given misses every question; good answers meet all; an excluded code is caught', () => {
    const good: Record<string, Record<string, string | number | boolean>> = {
      'knee-pain': { symptom_months: 8, knee_xray: '2025-06: moderate medial OA', physio_tried: true, analgesia_tried: 'paracetamol', bmi: 31 },
      dermatology: { symptom_months: 12, treatments_tried: 'emollient, potent steroid 8 weeks', photo_attached: 'yes', impact_on_life: 'poor sleep' },
      'ent-hearing': { audiogram: 'R 45 dB, L 20 dB', otoscopy: 'normal', wax_excluded: true, symptom_months: 6 },
      'weight-management': { bmi: 42.5, bmi_40_or_comorbidity: true, hba1c: 44, tier2_completed: true },
      cataract: { va_logmar: 0.48, wishes_surgery: true, impact_on_life: 'cannot drive at night', optometrist_report: '2025-05 nuclear sclerosis' },
      'gynae-hmb': { pelvic_ultrasound: 'bulky uterus, 3 cm fibroid', haemoglobin: 108, treatments_tried: 'LNG-IUS 6 months', last_cervical_screening: '2023-04-12' },
    };
    for (const p of PATHWAYS) {
      const empty = evaluatePathway(p.criteria, { reason: { system: 'icd10', code: 'R69' }, clinicalInfo: {} });
      expect(empty).toHaveLength(p.criteria.length);
      for (const [i, r] of empty.entries()) {
        expect(r.id).toBe(p.criteria[i]!.id);
        expect(r.detail).not.toBe('');
        expect(r.met).toBe(p.criteria[i]!.kind === 'excluded_diagnosis');
      }
      const info = good[p.code];
      if (!info) continue;
      expect(evaluatePathway(p.criteria, { reason: { system: 'icd10', code: 'R69' }, clinicalInfo: info }).filter((r) => !r.met)).toEqual([]);
      const excluded = p.criteria.find((c) => c.kind === 'excluded_diagnosis');
      if (excluded?.kind === 'excluded_diagnosis') {
        const code = excluded.codes[0]!;
        const hit = evaluatePathway(p.criteria, { reason: { system: 'icd10', code: code.includes('.') ? code : `${code}.9` }, clinicalInfo: info });
        expect(hit.find((r) => r.id === excluded.id)?.met).toBe(false);
      }
    }
  });

  it('sends suspected melanoma away from the routine dermatology pathway', () => {
    const derm = pathwayByCode('dermatology')!;
    const [result] = evaluatePathway(derm.criteria.filter((c) => c.kind === 'excluded_diagnosis'), { reason: { system: 'icd10', code: 'C43.5' } });
    expect(result).toMatchObject({ met: false });
  });
});

describe('pathway questions', () => {
  it('give the form one input for every answerable criterion', () => {
    for (const p of PATHWAYS) {
      const questions = pathwayQuestions(p.criteria);
      const answerable = p.criteria.filter((c) => c.kind !== 'excluded_diagnosis');
      expect(questions.flatMap((q) => q.criteria).sort()).toEqual(answerable.map((c) => c.id).sort());
      expect(new Set(questions.map((q) => q.key)).size).toBe(questions.length);
      for (const q of questions) expect(['number', 'text', 'yes-no', 'date']).toContain(q.type);
    }
    const knee = pathwayQuestions(pathwayByCode('knee-pain')!.criteria);
    expect(knee.find((q) => q.key === 'symptom_months')).toMatchObject({ type: 'number', unit: 'months', criteria: ['duration'] });
    expect(knee.find((q) => q.key === 'physio_tried')).toMatchObject({ type: 'yes-no' });
    expect(knee.find((q) => q.key === 'knee_xray')).toMatchObject({ type: 'text' });
    expect(pathwayQuestions(pathwayByCode('gynae-hmb')!.criteria).find((q) => q.key === 'last_cervical_screening')?.type).toBe('date');
  });

  it('share one question between criteria on the same key', () => {
    const criteria: PathwayCriterion[] = [
      { id: 'bmi-min', kind: 'threshold', label: 'BMI', field: 'bmi', operator: '>=', value: 35 },
      { id: 'bmi-max', kind: 'threshold', label: 'BMI at most 60', field: 'bmi', operator: '<=', value: 60 },
    ];
    expect(pathwayQuestions(criteria)).toEqual([{ key: 'bmi', label: 'BMI', type: 'number', criteria: ['bmi-min', 'bmi-max'] }]);
  });

  it('meet a yes/no criterion only with yes', () => {
    const physio: PathwayCriterion[] = [{ id: 'physio', kind: 'required_field', label: 'Physiotherapy tried', field: 'physio_tried', input: 'yes-no' }];
    const met = (v: string | boolean | number | undefined) =>
      evaluatePathway(physio, { reason: { system: 'icd10', code: 'M17.1' }, clinicalInfo: v === undefined ? {} : { physio_tried: v } })[0]!;
    expect(met(true)).toMatchObject({ met: true, detail: 'Physiotherapy tried: yes' });
    expect(met('Yes')).toMatchObject({ met: true });
    expect(met(false)).toMatchObject({ met: false, detail: 'Physiotherapy tried: no' });
    expect(met('no')).toMatchObject({ met: false });
    expect(met(undefined)).toMatchObject({ met: false, detail: 'Physiotherapy tried is missing' });
    expect([isYes('y'), isYes(' TRUE '), isYes(1), isYes('maybe'), isYes(0)]).toEqual([true, true, true, false, false]);
  });
});

describe('community services and prior approval', () => {
  it('lists community services with real specialties and demo providers', () => {
    expect(COMMUNITY_SERVICES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(COMMUNITY_SERVICES.map((s) => s.code)).size).toBe(COMMUNITY_SERVICES.length);
    for (const s of COMMUNITY_SERVICES) {
      if (s.tfc) expect(isTreatmentFunction(s.tfc), s.code).toBe(true);
      if (s.providerCode) expect(providers.has(s.providerCode), s.code).toBe(true);
      expect(communityServiceByCode(s.code)).toBe(s);
    }
    // every pathway's specialty has somewhere to divert to
    for (const p of PATHWAYS) expect(COMMUNITY_SERVICES.some((s) => s.tfc === p.tfc) || p.tfc === '302', p.code).toBe(true);
  });

  it('lists prior-approval procedures by OPCS-4 code, with criteria', () => {
    expect(PRIOR_APPROVAL_PROCEDURES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(PRIOR_APPROVAL_PROCEDURES.map((p) => p.code)).size).toBe(PRIOR_APPROVAL_PROCEDURES.length);
    for (const p of PRIOR_APPROVAL_PROCEDURES) {
      expect(p.code).toMatch(/^[A-Z]\d{2}(\.\d)?$/);
      if (p.tfc) expect(isTreatmentFunction(p.tfc), p.code).toBe(true);
      expect(p.criteria.length).toBeGreaterThan(10);
    }
    expect(PRIOR_APPROVAL_PROCEDURES.map((p) => p.code)).toEqual(expect.arrayContaining(['L85', 'L86', 'L87', 'A65.1', 'D15.1', 'W85']));
  });
});
