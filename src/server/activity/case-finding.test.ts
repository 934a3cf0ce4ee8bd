import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { identityKey, seal } from '../patient/identity.js';
import { pseudonymSecret } from '../referrals/service.js';
import { findFrequentAdmissions } from './case-finding.js';

let database: Database;
const user = (role: AuthenticatedUser['role'], practiceCode: string | null = null): AuthenticatedUser =>
  ({ id: 1, username: `${role}-${practiceCode ?? 'x'}`, displayName: role, role, practiceCode, isDemo: false });
let pseudoA: string, pseudoB: string;

beforeAll(async () => {
  database = await testDatabase();
  const db = database.db;
  await buildOrgTree(db);
  const secret = await pseudonymSecret(db);
  const key = await identityKey(db);
  pseudoA = patientPseudonym(secret, '9434765919');
  pseudoB = patientPseudonym(secret, '9434765870');
  await db.insertInto('patient_identity').values([
    { patient_pseudo: pseudoA, practice_code: 'E82001', nhs_number_sealed: seal(key, '9434765919') },
    { patient_pseudo: pseudoB, practice_code: 'E82002', nhs_number_sealed: seal(key, '9434765870') },
  ]).execute();
  const nel = { pod: 'NEL' as const, tfc: '300', tariff_price_pence: 200_000 };
  await insertActivity(db, [
    // A (E82001): three emergency admissions in 12 months — COPD twice, then a fall
    { ...nel, patient_pseudo: pseudoA, activity_date: '2025-01-10', discharge_date: '2025-01-14', primary_diagnosis: 'J44.1' },
    { ...nel, patient_pseudo: pseudoA, activity_date: '2025-04-02', discharge_date: '2025-04-05', primary_diagnosis: 'J44.0', provider_code: 'RQW' },
    { ...nel, patient_pseudo: pseudoA, activity_date: '2025-09-30', discharge_date: '2025-09-30', primary_diagnosis: 'R29.6' },
    // B (E82002): three, but the first is more than 12 months before asOf
    { ...nel, patient_pseudo: pseudoB, practice_code: 'E82002', activity_date: '2024-09-30', primary_diagnosis: 'I50.0' },
    { ...nel, patient_pseudo: pseudoB, practice_code: 'E82002', activity_date: '2025-03-01', primary_diagnosis: 'I50.0' },
    { ...nel, patient_pseudo: pseudoB, practice_code: 'E82002', activity_date: '2025-06-01', primary_diagnosis: 'I50.9' },
    // elective admissions never count
    { pod: 'EL', patient_pseudo: pseudoB, practice_code: 'E82002', activity_date: '2025-07-01' },
  ]);
});
afterAll(() => database.close());

describe('case finding (ACT-7)', () => {
  const asOf = '2025-10-01';

  it('lists patients with 3+ emergency admissions in 12 months, flagging COPD, heart failure and falls', async () => {
    const list = await findFrequentAdmissions(database.db, user('commissioner'), { asOf });
    expect(list).toMatchObject({ from: '2024-10-01', minAdmissions: 3, months: 12 });
    expect(list.patients).toEqual([{
      patient: `P-${pseudoA.slice(0, 8).toUpperCase()}`, reidentified: false, practiceCode: 'E82001', practiceName: 'Practice E82001',
      admissions: 3, firstAdmission: '2025-01-10', lastAdmission: '2025-09-30', bedDays: 7,
      diagnoses: ['J44.0', 'J44.1', 'R29.6'], flags: ['copd', 'falls'], providers: ['RQW', 'RWG'], costPence: 600_000,
    }]);
    // with a lower threshold B appears too, heart failure flagged
    const two = await findFrequentAdmissions(database.db, user('commissioner'), { asOf, minAdmissions: 2 });
    expect(two.patients.map((p) => [p.practiceCode, p.admissions, p.flags])).toEqual([['E82001', 3, ['copd', 'falls']], ['E82002', 2, ['heartFailure']]]);
  });

  it('re-identifies a practice’s own patients for that practice only, and never shows it another practice’s', async () => {
    const own = await findFrequentAdmissions(database.db, user('practice', 'E82001'), { asOf });
    expect(own.patients.map((p) => [p.patient, p.reidentified])).toEqual([['943 476 5919', true]]);
    const other = await findFrequentAdmissions(database.db, user('practice', 'E82002'), { asOf, minAdmissions: 1, practiceCode: 'E82001' });
    expect(other.patients.map((p) => p.practiceCode)).toEqual(['E82002']);
    expect(other.patients.every((p) => p.reidentified && p.patient === '943 476 5870')).toBe(true);
    const commissioner = await findFrequentAdmissions(database.db, user('commissioner'), { asOf, minAdmissions: 1 });
    expect(JSON.stringify(commissioner)).not.toMatch(/943 476|9434765/);
  });

  it('is refused to other roles and audited with the patients shown', async () => {
    await expect(findFrequentAdmissions(database.db, user('finance'), { asOf })).rejects.toMatchObject({ statusCode: 403 });
    await findFrequentAdmissions(database.db, user('practice', 'E82001'), { asOf });
    const entry = await database.db.selectFrom('audit_log').select(['actor', 'action', 'details']).where('action', '=', 'casefinding.view')
      .orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'practice-E82001', details: { patients: [pseudoA], reidentified: 1 } });
  });

  it('handles an empty list', async () => {
    expect((await findFrequentAdmissions(database.db, user('commissioner'), { asOf: '2020-01-01' })).patients).toEqual([]);
  });
});
