/** Test helpers for the referral gateway: a valid referral in one call, tweaked per test. */
import type { Db } from '../db/database.js';
import type { ReferralInput } from '../domain/referrals/referral.js';

export function validReferral(overrides: Partial<ReferralInput> = {}, patient: Partial<ReferralInput['patient']> = {}): ReferralInput {
  return {
    externalId: null,
    practiceCode: 'E82001',
    clinician: 'Dr A Patel',
    patient: { nhsNumber: '9434765919', familyName: 'Smith', givenName: 'Jo', birthDate: '1956-03-27', sex: 'female', postcode: 'AL1 3EW', ...patient },
    tfc: '110',
    reason: { system: 'icd10', code: 'M17.1', display: 'Primary gonarthrosis, unilateral' },
    priority: 'routine',
    chosenProviders: ['RWG', 'RQW'],
    pathwayCode: null,
    clinicalInfo: {},
    procedureCode: null,
    referralDate: '2025-10-01',
    ...overrides,
  };
}

/** A community service, a pathway and a prior-approval procedure to refer against. */
export async function buildReferralCatalogue(db: Db) {
  await db.insertInto('community_service').values({ code: 'CMSK', name: 'Community MSK service', tfc: '110', provider_code: null, description: '' }).execute();
  await db.insertInto('pathway').values({
    code: 'knee-pain', name: 'Knee pain (orthopaedics)', tfc: '110', updated_by: 'test',
    criteria: JSON.stringify([
      { id: 'duration', kind: 'threshold', label: 'Months of symptoms', field: 'duration_months', operator: '>=', value: 3 },
      { id: 'xray', kind: 'required_test', label: 'Knee X-ray', test: 'xray' },
    ]),
  }).execute();
  await db.insertInto('prior_approval_procedure').values({ code: 'W85.1', name: 'Knee arthroscopy', tfc: '110', criteria: 'Mechanical locking only' }).execute();
}
