import { describe, expect, it } from 'vitest';
import { checkReferral, type ReferralContext } from './referral.js';
import { validReferral } from '../../testing/referrals.js';

const ctx: ReferralContext = {
  today: '2025-11-01',
  practiceExists: (c) => c === 'E82001',
  providerExists: (c) => ['RWG', 'RQW'].includes(c),
  pathwayExists: () => true,
  codeKnown: () => true,
};

describe('checkReferral', () => {
  it('passes a good referral and tidies it', () => {
    const { referral, problems } = checkReferral(validReferral({ reason: { system: 'icd10', code: 'm171' } }, { nhsNumber: '943 476 5919', postcode: 'al1  3ew' }), ctx);
    expect(problems).toEqual([]);
    expect(referral.patient).toMatchObject({ nhsNumber: '9434765919', postcode: 'AL1 3EW' });
    expect(referral.reason.code).toBe('M17.1');
  });

  it('refuses dates that do not exist rather than failing', () => {
    const { problems } = checkReferral(validReferral({ referralDate: '2025-02-30' }, { birthDate: '1956-13-01' }), ctx);
    expect(problems.map((p) => p.field).sort()).toEqual(['patient.birthDate', 'referralDate']);
  });

  it('refuses a future referral date and a code missing from a loaded list', () => {
    const { problems } = checkReferral(validReferral({ referralDate: '2025-11-02' }), { ...ctx, codeKnown: () => false });
    expect(problems).toEqual([
      { field: 'reason.code', message: 'M17.1 is not in the loaded icd10 code list' },
      { field: 'referralDate', message: 'Referral date cannot be in the future' },
    ]);
  });
});
