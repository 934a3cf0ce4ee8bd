import { describe, expect, it } from 'vitest';
import { maskNhsNumber, parseActivityRow, parseOpcs4, parseTariffRow } from './rows.js';

const context = { pseudonymise: (nhs: string) => `pseudo-${nhs}`, today: '2025-11-01' };
const line = (cells: Record<string, string>) => parseActivityRow({
  activity_id: 'A1', provider_code: 'RWG', practice_code: 'E82001', nhs_number: '9434765919', pod: 'OPFA', tfc: '110', activity_date: '2025-06-02', ...cells,
}, context);

describe('activity.csv rows', () => {
  it('reads a line, pseudonymises the patient and places it in its financial month', () => {
    const result = line({ primary_diagnosis: 'M171', price: '185.00', referral_source: 'gp', primary_procedure: 'w401' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({
      activityId: 'A1', patientPseudo: 'pseudo-9434765919', year: '2025/26', month: 3, primaryDiagnosis: 'M17.1',
      primaryProcedure: 'W40.1', referralSource: 'GP', providerPricePence: 18500, hrg: null,
    }) });
    expect(JSON.stringify(result)).not.toContain('nhsNumber');
  });
  it('accepts an already pseudonymised patient', () => {
    expect(line({ nhs_number: '', patient_pseudo: 'abcDEF123456' })).toMatchObject({ ok: true, value: { patientPseudo: 'abcDEF123456' } });
  });
  it('names every bad cell, masking the NHS number it refuses', () => {
    const result = line({ nhs_number: '9434765918', pod: 'XX', activity_date: '2025-02-30', price: '1.234', referral_id: 'nope' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.column).sort()).toEqual(['activity_date', 'nhs_number', 'pod', 'price', 'referral_id']);
    expect(result.errors.find((e) => e.column === 'nhs_number')!.value).toBe('•••••••918');
  });
  it('needs a patient, a specialty except at A&E, no future date and a discharge after admission', () => {
    const errors = (r: ReturnType<typeof line>) => (r.ok ? [] : r.errors.map((e) => `${e.column}: ${e.message}`));
    expect(errors(line({ nhs_number: '' }))).toEqual(['nhs_number: is required when patient_pseudo is blank: give one of the two']);
    expect(errors(line({ tfc: '' }))).toEqual(['tfc: is required for OPFA lines (only A&E may leave it blank)']);
    expect(line({ tfc: '', pod: 'AE' }).ok).toBe(true);
    expect(errors(line({ activity_date: '2025-11-02' }))).toEqual(['activity_date: is in the future (today is 2025-11-01)']);
    expect(errors(line({ pod: 'NEL', discharge_date: '2025-06-01' }))).toEqual(['discharge_date: is before the activity date 2025-06-02']);
  });
});

describe('tariff.csv rows', () => {
  it('reads blank tfc and hrg as "any"', () => {
    expect(parseTariffRow({ year: '2025/26', pod: 'opfa', price: '160', tfc: '', hrg: '' })).toEqual({ ok: true, value: { year: '2025/26', pod: 'OPFA', tfc: '', hrg: '', pricePence: 16000 } });
  });
  it('names each bad cell', () => {
    const result = parseTariffRow({ year: '2025', pod: 'OPFA', price: 'free', tfc: '11', hrg: '' });
    expect(result.ok ? [] : result.errors.map((e) => e.column)).toEqual(['year', 'tfc', 'price']);
  });
});

it('reads OPCS-4 with or without the dot', () => {
  expect(parseOpcs4('L85')).toEqual({ ok: true, value: 'L85' });
  expect(parseOpcs4('L85.1')).toEqual({ ok: true, value: 'L85.1' });
  expect(parseOpcs4('L8').ok).toBe(false);
  expect(maskNhsNumber('943 476 5919')).toBe('••• ••• •919');
});
