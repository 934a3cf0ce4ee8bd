import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { testDatabase } from '../../testing/test-db.js';
import { submitReferral } from '../referrals/service.js';
import { matchActivityToReferrals } from './matching.js';

let database: Database;
const practice: AuthenticatedUser = { id: 1, username: 'practice-e82001', displayName: 'Practice', role: 'practice', practiceCode: 'E82001', isDemo: false };

/** A two-week-wait referral: forwarded at once to its first choice (RWG), received on `day`. */
async function referral(day: string, nhsNumber: string, reason = { system: 'icd10' as const, code: 'C50.9', display: null }) {
  const { referral: r } = await submitReferral(database.db, practice, validReferral({ priority: '2ww', reason, referralDate: day, tfc: '103' }, { nhsNumber }),
    { source: 'web', receivedAt: new Date(`${day}T09:00:00Z`) });
  const row = await database.db.selectFrom('referral').select(['id', 'patient_pseudo', 'reference']).where('id', '=', r.id).executeTakeFirstOrThrow();
  return row;
}

beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db);
  await buildReferralCatalogue(database.db);
});
afterAll(() => database.close());

describe('matching first attendances to gateway referrals (REF-9)', () => {
  it('matches by referral id, else by patient, provider, specialty and window; lists what does not match and where diagnoses disagree', async () => {
    const db = database.db;
    const byPatient = await referral('2025-05-01', '9434765919');
    const byId = await referral('2025-05-02', '9434765870');
    const noAttendance = await referral('2025-05-03', '9434765889');
    await insertActivity(db, [
      // 13 days after its referral, same patient, provider and specialty; the trust coded D24 (benign), the GP C50.9
      { activity_id: 'M1', activity_date: '2025-05-14', patient_pseudo: byPatient.patient_pseudo, tfc: '103', primary_diagnosis: 'D24' },
      // the provider returned the gateway id: matched even though the specialty differs; C50.1 agrees with C50.9 by category
      { activity_id: 'M2', activity_date: '2025-05-20', patient_pseudo: 'someone-else', tfc: '110', referral_id: byId.id, primary_diagnosis: 'C50.1' },
      // never passed the gateway
      { activity_id: 'U1', activity_date: '2025-06-01', patient_pseudo: 'walk-in-patient', tfc: '103', referral_source: 'GP' },
      // right patient but another provider: not this referral's attendance
      { activity_id: 'U2', activity_date: '2025-05-15', patient_pseudo: byPatient.patient_pseudo, tfc: '103', provider_code: 'RQW' },
      // right patient, provider and specialty, but before the referral was received
      { activity_id: 'U3', activity_date: '2025-04-30', patient_pseudo: byPatient.patient_pseudo, tfc: '103' },
      // not a first attendance: not matched at all
      { activity_id: 'F1', activity_date: '2025-06-14', patient_pseudo: byPatient.patient_pseudo, tfc: '103', pod: 'OPFU' },
    ]);

    const report = await matchActivityToReferrals(db, { year: '2025/26' });
    expect(report).toMatchObject({ attendances: 5, matched: 2, matchedById: 1, matchedByPatient: 1, matchRate: 0.4 });
    expect(report.unmatchedAttendances.rows.map((r) => r.activityId)).toEqual(['U3', 'U2', 'U1']);
    expect(report.unmatchedReferrals.rows.map((r) => r.reference)).toEqual([noAttendance.reference]);
    expect(report.diagnosisDisagreements.rows).toEqual([
      { providerCode: 'RWG', activityId: 'M1', activityDate: '2025-05-14', referralReference: byPatient.reference, referralCode: 'C50.9', trustCode: 'D24' },
    ]);
    expect(report.byProvider).toEqual([
      { providerCode: 'RQW', providerName: 'Provider RQW', attendances: 1, matched: 0, matchRate: 0 },
      { providerCode: 'RWG', providerName: 'Provider RWG', attendances: 4, matched: 2, matchRate: 0.5 },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/9434765919|Smith/);
  });

  it('narrows to one practice, and answers an empty year without dividing by zero', async () => {
    expect(await matchActivityToReferrals(database.db, { year: '2025/26', practiceCode: 'E82003' })).toMatchObject({ attendances: 0, matched: 0, matchRate: 0, byProvider: [] });
    expect((await matchActivityToReferrals(database.db, { year: '2019/20' })).unmatchedReferrals.total).toBe(0);
  });
});
