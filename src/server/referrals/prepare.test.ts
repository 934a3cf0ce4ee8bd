/** The batch path (bulk upload, demo) must accept and refuse exactly what submitReferral does, and store the same thing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import type { ReferralInput } from '../../domain/referrals/referral.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { testDatabase } from '../../testing/test-db.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { ReferralChecker, storePreparedReferrals } from './prepare.js';
import { ReferralRejected, submitReferral } from './service.js';

let database: Database;
let user: AuthenticatedUser;

beforeAll(async () => {
  database = await testDatabase();
  const { db } = database;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  const row = await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  user = { id: row.id, username: row.username, displayName: 'Practice', role: 'practice', practiceCode: 'E82001', isDemo: false };
  // A loaded SNOMED CT list (so unlisted SNOMED codes are refused) and a Read v2 map.
  await db.insertInto('clinical_code').values([{ system: 'snomed', code: '239873007', display: 'Osteoarthritis of knee' }]).execute();
  await db.insertInto('code_map').values([{ source_system: 'read2', source_code: 'N245.', target_system: 'icd10', target_code: 'M79.6' }]).execute();
});
afterAll(() => database.close());

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

// (An unknown practice is refused by submitReferral before any check, as the user's own practice
// it is not: bulk-import.test.ts covers it. Dates like 1956-13-01 are left out: checkReferral
// throws a RangeError on them, see the note in bulk-import.ts.)
const CASES: [string, ReferralInput][] = [
  ['valid', validReferral()],
  ['bad NHS number', validReferral({}, { nhsNumber: '9434765918' })],
  ['unknown and repeated providers', validReferral({ chosenProviders: ['RWG', 'XXX', 'RWG'] })],
  ['no providers', validReferral({ chosenProviders: [] })],
  ['future referral date', validReferral({ referralDate: tomorrow() })],
  ['unreal dates', validReferral({ referralDate: '2025-02-30' }, { birthDate: '1956-02-31' })],
  ['bad ICD-10 code', validReferral({ reason: { system: 'icd10', code: 'banana' } })],
  ['SNOMED code not in the loaded list', validReferral({ reason: { system: 'snomed', code: '22298006' } })],
  ['SNOMED code in the list', validReferral({ reason: { system: 'snomed', code: '239873007' } })],
  ['Read v2 mapped', validReferral({ reason: { system: 'read2', code: 'N245.' } })],
  ['Read v2 unmapped', validReferral({ reason: { system: 'read2', code: 'C10..' } })],
  ['unknown pathway and specialty', validReferral({ pathwayCode: 'nope', tfc: '999' })],
  ['blank names, bad postcode and priority', validReferral({ clinician: ' ', priority: 'soon' as ReferralInput['priority'] }, { familyName: '', givenName: ' ', postcode: 'XYZ' })],
];

async function viaSubmit(input: ReferralInput) {
  try {
    const { referral } = await submitReferral(database.db, user, input, { source: 'web' });
    return { ok: true as const, referral };
  } catch (error) {
    if (error instanceof ReferralRejected) return { ok: false as const, problems: error.problems };
    throw error;
  }
}

describe('ReferralChecker', () => {
  it.each(CASES)('%s: the same verdict and problems as submitReferral', async (_name, input) => {
    const checker = await ReferralChecker.load(database.db);
    const [prepared] = await checker.prepare([{ input, receivedAt: new Date() }]);
    const submitted = await viaSubmit(input);
    expect(prepared!.ok).toBe(submitted.ok);
    if (!prepared!.ok && !submitted.ok) expect(prepared!.problems).toEqual(submitted.problems);
  });

  it('checks a batch in order, and stores what submitReferral stores', async () => {
    const { db } = database;
    const checker = await ReferralChecker.load(db);
    const inputs = [
      validReferral({ externalId: 'P-1', pathwayCode: 'knee-pain', clinicalInfo: { duration_months: 6 } }),
      validReferral({ externalId: 'P-2' }, { nhsNumber: '123' }),
      validReferral({ externalId: 'P-3', priority: '2ww', reason: { system: 'read2', code: 'N245.' } }),
    ];
    const receivedAt = new Date('2025-10-03T09:30:00Z');
    const results = await checker.prepare(inputs.map((input) => ({ input, receivedAt })));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);

    const good = results.flatMap((r) => (r.ok ? [r.value] : []));
    const { stored, existing } = await db.transaction().execute((tx) => storePreparedReferrals(tx, user.username, good, 'bulk'));
    expect(existing).toBe(0);
    expect(stored.map((s) => [s.externalId, s.status])).toEqual([['P-1', 'awaiting_triage'], ['P-3', 'forwarded']]);

    // The same inputs through the front door, under other external ids: the stored rows agree.
    for (const [i, input] of [inputs[0]!, inputs[2]!].entries()) {
      const { referral } = await submitReferral(db, user, { ...input, externalId: `${input.externalId}-web` }, { source: 'bulk', receivedAt });
      const batch = await db.selectFrom('referral').selectAll().where('id', '=', stored[i]!.id).executeTakeFirstOrThrow();
      const web = await db.selectFrom('referral').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow();
      const strip = ({ id: _id, reference: _r, external_id: _e, ...rest }: typeof batch) => rest;
      expect(strip(batch)).toEqual(strip(web));
      const events = async (id: string) => (await db.selectFrom('referral_event').select(['at', 'actor', 'action', 'from_status', 'to_status', 'reason', 'details']).where('referral_id', '=', id).orderBy('id').execute());
      expect(await events(stored[i]!.id)).toEqual(await events(referral.id));
      const choices = async (id: string) => (await db.selectFrom('referral_choice').select(['rank', 'provider_code']).where('referral_id', '=', id).orderBy('rank').execute());
      expect(await choices(stored[i]!.id)).toEqual(await choices(referral.id));
    }

    // Storing the same referrals again writes nothing.
    const again = await db.transaction().execute((tx) => storePreparedReferrals(tx, user.username, good, 'bulk'));
    expect(again).toEqual({ stored: [], existing: 2 });
  });
});
