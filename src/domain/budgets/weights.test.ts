import { describe, expect, it } from 'vitest';
import { compareServiceLines, parseServiceLine, parseWeight, parseWeightRow, serviceLineLabel } from './weights.js';

describe('weights.csv fields', () => {
  it('reads service lines as lower-case identifiers', () => {
    expect(parseServiceLine(' Non_Elective ')).toEqual({ ok: true, value: 'non_elective' });
    expect(parseServiceLine('diabetes_care2')).toEqual({ ok: true, value: 'diabetes_care2' });
    for (const bad of ['', 'A&E', '2ww', 'non-elective', 'x'.repeat(41)]) expect(parseServiceLine(bad).ok).toBe(false);
  });

  it('reads weights as positive decimals of at most 6 places, written exactly', () => {
    expect(parseWeight('1.250000')).toEqual({ ok: true, value: '1.25' });
    expect(parseWeight('0.000001')).toEqual({ ok: true, value: '0.000001' });
    expect(parseWeight('999999.999999')).toEqual({ ok: true, value: '999999.999999' });
    for (const bad of ['0', '-1', '1.0000001', '1,5', '1e2', '1000000', '']) expect(parseWeight(bad).ok, bad).toBe(false);
  });

  it('checks a whole row, reporting every bad cell', () => {
    expect(parseWeightRow({ service_line: 'ae', sex: 'Female', age_band: '95_PLUS', weight: '3.1' })).toEqual({ ok: true, value: { serviceLine: 'ae', sex: 'F', ageBand: '95+', weight: '3.1' } });
    const bad = parseWeightRow({ service_line: 'A&E', sex: 'X', age_band: '100+', weight: '0' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.column)).toEqual(['service_line', 'sex', 'age_band', 'weight']);
  });

  it('names and orders service lines, usual ones first', () => {
    expect(serviceLineLabel('ae')).toBe('A&E');
    expect(serviceLineLabel('diabetes_care')).toBe('Diabetes care');
    expect(['zeta', 'prescribing', 'alpha', 'elective'].sort(compareServiceLines)).toEqual(['elective', 'prescribing', 'alpha', 'zeta']);
  });
});
