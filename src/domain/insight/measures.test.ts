import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURES, measureInForce, validateMeasure, validateMeasures, type MeasureDefinition } from './measures.js';

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(DEFAULT_MEASURES[0])) as Record<string, unknown>;
const fields = (input: unknown) => {
  const result = validateMeasure(input);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('measure definitions', () => {
  it('every default measure is valid, and the set has no clashes (loaded as data, as an analyst would add one)', () => {
    for (const measure of DEFAULT_MEASURES) expect(validateMeasure(JSON.parse(JSON.stringify(measure)))).toEqual({ ok: true, value: measure });
    expect(validateMeasures(DEFAULT_MEASURES).ok).toBe(true);
    expect(DEFAULT_MEASURES.map((m) => m.code)).toEqual([
      'referrals_per_1000', 'first_outpatient_per_1000', 'follow_up_per_1000', 'follow_up_to_first_ratio', 'non_elective_per_1000', 'ae_attendances_per_1000',
    ]);
  });

  it('names each bad field', () => {
    expect(fields({ ...valid(), code: 'Bad Code', version: 0, direction: 'up', validFrom: '2025-02-30', rationale: ' ' }))
      .toEqual(['code', 'version', 'rationale', 'direction', 'validFrom']);
    expect(fields({ ...valid(), numerator: { events: 'prescriptions', filters: { specialties: ['110', '999', 5], pointsOfDelivery: ['XX'], colour: 'red' } } }))
      .toEqual(['numerator.events', 'numerator.filters.colour', 'numerator.filters.specialties[1]', 'numerator.filters.specialties[2]', 'numerator.filters.pointsOfDelivery[0]']);
    expect(fields({ ...valid(), denominator: { kind: 'registered_patients', per: 0 } })).toEqual(['denominator.per']);
    expect(fields({ ...valid(), denominator: { kind: 'households' } })).toEqual(['denominator.kind']);
    expect(fields({ ...valid(), extra: 1 })).toEqual(['extra']);
    expect(fields(null)).toEqual(['(measure)']);
  });

  it('standardises only registered-patient rates', () => {
    expect(fields({ ...valid(), denominator: { kind: 'weighted_patients', per: 1000 } })).toEqual(['standardisation']);
    expect(fields({ ...valid(), denominator: { kind: 'events', events: 'first_outpatient' } })).toEqual(['standardisation']);
    expect(fields({ ...valid(), standardisation: 'none', denominator: { kind: 'events', events: 'first_outpatient' } })).toEqual([]);
  });

  it('refuses the same version twice or two versions from one date', () => {
    const result = validateMeasures([valid(), { ...valid(), validFrom: '2026-04-01' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toBe('referrals_per_1000 version 1 is defined twice');
  });

  it('finds the version in force on a date', () => {
    const v1 = DEFAULT_MEASURES[0]!;
    const v2: MeasureDefinition = { ...v1, version: 2, validFrom: '2026-04-01', rationale: 'Revised.' };
    expect(measureInForce([v1, v2], v1.code, '2026-03-31')).toBe(v1);
    expect(measureInForce([v1, v2], v1.code, '2026-04-01')).toBe(v2);
    expect(measureInForce([v1, v2], v1.code, '2024-01-01')).toBeNull();
    expect(measureInForce([v1, v2], 'unknown', '2026-01-01')).toBeNull();
  });
});
