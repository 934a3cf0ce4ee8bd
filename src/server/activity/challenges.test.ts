/**
 * Challenge rules (ACT-6): one planted case per rule that fires and a near miss that does not,
 * values worked out by hand; re-runs are idempotent and never undo what someone decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import type { ChallengeRule } from '../../db/schema.js';
import { insertActivity, type TestLine } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import {
  SCHEDULE_TOTAL_LABEL, challengeSchedule, challengeTotals, followUpExcess, lineValuePence, listChallenges, ratioHundredths, runChallengeRules,
  scheduleTable, setChallengeStatus, type ChallengeScope,
} from './challenges.js';
import { toCsv } from '../http/exports.js';

const YEAR = '2025/26';
const OCTOBER = 7; // month 7 of the financial year
const SCOPE: ChallengeScope = [{ providerCode: 'RWG', year: YEAR, month: OCTOBER }, { providerCode: 'RQW', year: YEAR, month: OCTOBER }];

const finance: AuthenticatedUser = { id: 1, username: 'finance-lead', displayName: 'Finance lead', role: 'finance', practiceCode: null, isDemo: false };
const board: AuthenticatedUser = { id: 2, username: 'board-member', displayName: 'Board member', role: 'board', practiceCode: null, isDemo: false };

let database: Database;
let db: Db;
let counts: Record<ChallengeRule, number>;

/** A line of month 7 at RWG for practice E82001 (insertActivity's defaults: OPFA in 110 at £100.00). */
const line = (activity_id: string, patient_pseudo: string, more: Partial<TestLine> = {}): TestLine => ({ activity_id, patient_pseudo, activity_date: '2025-10-06', ...more });

let referralCount = 0;
/** A gateway referral for a pseudonymised patient, with only what the rules look at varying. */
async function insertReferral(values: {
  patient_pseudo: string; tfc?: string; received_at: string; forwarded_to?: string | null; booked_provider?: string | null; choices?: string[];
  procedure_code?: string | null; prior_approved_at?: string | null; id?: string;
}) {
  const n = ++referralCount;
  const row = await db.insertInto('referral').values({
    ...(values.id ? { id: values.id } : {}),
    reference: `R-TEST-${String(n).padStart(6, '0')}`, source: 'web', practice_code: 'E82002', clinician: 'Dr Test',
    nhs_number: '9434765919', patient_pseudo: values.patient_pseudo, family_name: 'Test', given_name: 'Pat', birth_date: '1960-01-01', sex: 'female',
    postcode: 'AL1 1AA', tfc: values.tfc ?? '110', reason_system: 'icd10', reason_code: 'M17.1', priority: 'routine', referral_date: values.received_at.slice(0, 10),
    status: 'forwarded', clinical_info: '{}', pathway_check: '[]', procedure_code: values.procedure_code ?? null,
    forwarded_to: values.forwarded_to ?? null, booked_provider: values.booked_provider ?? null,
    prior_approved_at: values.prior_approved_at ? new Date(values.prior_approved_at) : null, prior_approved_by: values.prior_approved_at ? 'reviewer' : null,
    received_at: values.received_at,
  }).returning('id').executeTakeFirstOrThrow();
  if (values.choices?.length) {
    await db.insertInto('referral_choice').values(values.choices.map((provider_code, i) => ({ referral_id: row.id, rank: i + 1, provider_code }))).execute();
  }
  return row.id;
}

/** The challenges of a rule in the test scope, keyed by activity id (tfc for month-level ones). */
async function challengesOf(rule: ChallengeRule) {
  const rows = await listChallenges(db, { year: YEAR, month: OCTOBER, rule });
  return new Map(rows.map((c) => [c.activityId ?? `${c.providerCode}:${c.tfc}`, c]));
}

const knownReferralId = '6f1c1b2e-3d4a-4b5c-8d6e-7f8091a2b3c4';

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], providers: ['RWG', 'RQW'] });
  // E82002 sends its referrals through the gateway from 8 October 2025.
  await db.updateTable('practice').set({ gateway_from: '2025-10-08' }).where('code', '=', 'E82002').execute();
  // RWG's contract pays for no consultant-to-consultant firsts and caps follow-ups at 1.5 per
  // first (2.0 in ophthalmology); RQW's allows C2C and has no cap.
  const rwg = await db.insertInto('contract').values({ provider_code: 'RWG', year: YEAR, reference: 'RWG-25', c2c_allowed: false, updated_by: 'test' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('contract_follow_up_cap').values([{ contract_id: rwg.id, tfc: '', max_ratio: 1.5 }, { contract_id: rwg.id, tfc: '130', max_ratio: 2 }]).execute();
  await db.insertInto('contract').values({ provider_code: 'RQW', year: YEAR, reference: 'RQW-25', c2c_allowed: true, updated_by: 'test' }).execute();
  await db.insertInto('prior_approval_procedure').values([
    { code: 'W85', name: 'Therapeutic endoscopic operations on cavity of knee joint', tfc: '110' },
    { code: 'L85.1', name: 'Ligation of long saphenous vein', tfc: '107' },
  ]).execute();

  const duplicate = { hrg: 'WF01B', primary_diagnosis: 'M17.1', tariff_price_pence: 12_345, provider_price_pence: 12_345 };
  const lines: TestLine[] = [
    // exact_duplicate: the same attendance three times; a near miss differs only in its diagnosis
    // (an elective admission, so same_day_repeat does not look at it either).
    line('DUP-1', 'p-dup', duplicate), line('DUP-2', 'p-dup', duplicate), line('DUP-3', 'p-dup', duplicate),
    line('DUPN-1', 'p-dupn', { pod: 'EL', primary_diagnosis: 'K40.9' }), line('DUPN-2', 'p-dupn', { pod: 'EL', primary_diagnosis: 'K40.2' }),
    // same_day_repeat: a second first attendance the same day with another HRG, and an exact copy
    // of it (left to exact_duplicate); a near miss in another specialty the same day.
    line('SDR-1', 'p-sdr', { hrg: 'WF01B' }), line('SDR-2', 'p-sdr', { hrg: 'WF01A', tariff_price_pence: 15_000 }),
    line('SDR-3', 'p-sdr', { hrg: 'WF01A', tariff_price_pence: 15_000 }),
    line('SDRN-1', 'p-sdrn', { tfc: '110' }), line('SDRN-2', 'p-sdrn', { tfc: '101' }),
    // c2c_first: at RWG (not allowed) and, the near miss, at RQW (allowed).
    line('C2C-1', 'p-c2c1', { referral_source: 'C2C' }), line('C2C-2', 'p-c2c2', { provider_code: 'RQW', referral_source: 'C2C' }),
    // no_gateway_referral (practice E82002, gateway from 8 October)
    line('GW-1', 'p-gw1', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-08' }), // no referral at all
    line('GW-2', 'p-gw2', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-10' }), // forwarded to RWG
    line('GW-3', 'p-gw3', { practice_code: 'E82002', referral_source: null, activity_date: '2025-10-10' }), // RWG a choice, received that day
    line('GW-4', 'p-gw4', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-10' }), // received 181 days before
    line('GW-5', 'p-gw5', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-10' }), // received 180 days before
    line('GW-6', 'p-gw6', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-07' }), // before the gateway
    line('GW-7', 'p-gw7', { practice_code: 'E82002', referral_source: 'SELF', activity_date: '2025-10-10' }), // not a GP referral
    line('GW-8', 'p-gw8', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-10', referral_id: knownReferralId }), // id returned
    line('GW-9', 'p-gw9', { practice_code: 'E82002', referral_source: 'GP', activity_date: '2025-10-10', tfc: '101' }), // referral in another specialty
    // prior_approval
    line('PA-1', 'p-pa1', { pod: 'DC', primary_procedure: 'W85.1', tariff_price_pence: 80_000 }), // listed, no referral
    line('PA-2', 'p-pa2', { pod: 'DC', primary_procedure: 'W851' }), // approved under W85 (W85.2)
    line('PA-3', 'p-pa3', { pod: 'OPPROC', primary_procedure: 'L85.1', tariff_price_pence: null, provider_price_pence: 45_600 }), // asked for, not approved
    line('PA-4', 'p-pa4', { pod: 'EL', primary_procedure: 'L85.2' }), // L85.1 listed, not L85.2
    line('PA-5', 'p-pa5', { pod: 'NEL', primary_procedure: 'W85.1' }), // an emergency: no approval expected
    // readmission_30d: an elective stay at RQW in September, readmitted as an emergency at RWG 30
    // days after discharge; the near miss 31 days after; and two emergency stays in October.
    line('RA-0', 'p-ra1', { provider_code: 'RQW', pod: 'EL', activity_date: '2025-09-01', discharge_date: '2025-09-10' }),
    line('RA-1', 'p-ra1', { pod: 'NEL', activity_date: '2025-10-10', tariff_price_pence: 250_000 }),
    line('RAN-0', 'p-ra2', { provider_code: 'RQW', pod: 'EL', activity_date: '2025-09-01', discharge_date: '2025-09-09' }),
    line('RAN-1', 'p-ra2', { pod: 'NEL', activity_date: '2025-10-10' }),
    line('RA-2', 'p-ra3', { pod: 'NEL', activity_date: '2025-10-01', discharge_date: '2025-10-03' }),
    line('RA-3', 'p-ra3', { pod: 'NEL', activity_date: '2025-10-20', discharge_date: '2025-10-22' }),
  ];
  // follow_up_ratio. ENT (120, the contract's general cap of 1.5): 4 firsts, 8 follow-ups, one of
  // them unpriced (priced by the provider). Allowed floor(1.5 × 4) = 6, so 2 over. Follow-ups
  // 7 × £50.00 + £50.04 = £400.04, average 5000.5p → 5001p (half away from zero); 2 × 5001 = 10002p.
  for (let i = 0; i < 4; i++) lines.push(line(`ENT-A${i}`, `p-ent${i}`, { tfc: '120' }));
  for (let i = 0; i < 8; i++) {
    const price = i === 7 ? { tariff_price_pence: null, provider_price_pence: 5_004 } : { tariff_price_pence: 5_000 };
    lines.push(line(`ENT-F${i}`, `p-ent${i}`, { tfc: '120', pod: 'OPFU', activity_date: `2025-10-${String(10 + i).padStart(2, '0')}`, ...price }));
  }
  // A copy of one of those follow-ups is challenged as a duplicate, and not counted again here.
  lines.push(line('ENT-F0-COPY', 'p-ent0', { tfc: '120', pod: 'OPFU', activity_date: '2025-10-10', tariff_price_pence: 5_000 }));
  // Ophthalmology (130, its own cap of 2.0): 3 firsts and 6 follow-ups, exactly at the cap (the
  // general 1.5 would have challenged 2).
  for (let i = 0; i < 3; i++) lines.push(line(`EYE-A${i}`, `p-eye${i}`, { tfc: '130' }));
  for (let i = 0; i < 6; i++) lines.push(line(`EYE-F${i}`, `p-eye${i % 3}`, { tfc: '130', pod: 'OPFU', activity_date: `2025-10-${10 + i}`, tariff_price_pence: 6_000 }));
  // Oral surgery (140): 2 follow-ups and no first attendance: the contract pays for cap × 0 = 0.
  for (let i = 0; i < 2; i++) lines.push(line(`ORAL-F${i}`, `p-oral${i}`, { tfc: '140', pod: 'OPFU', tariff_price_pence: 3_000 }));
  // RQW has no cap: follow-ups without end are not challenged there.
  for (let i = 0; i < 5; i++) lines.push(line(`RQW-F${i}`, `p-rqw${i}`, { provider_code: 'RQW', tfc: '120', pod: 'OPFU' }));
  await insertActivity(db, lines);

  await insertReferral({ patient_pseudo: 'p-gw2', received_at: '2025-09-15T10:00:00Z', forwarded_to: 'RWG' });
  await insertReferral({ patient_pseudo: 'p-gw3', received_at: '2025-10-10T08:00:00Z', choices: ['RQW', 'RWG'] });
  await insertReferral({ patient_pseudo: 'p-gw4', received_at: '2025-04-12T12:00:00Z', forwarded_to: 'RWG' });
  await insertReferral({ patient_pseudo: 'p-gw5', received_at: '2025-04-13T12:00:00Z', forwarded_to: 'RWG' });
  await insertReferral({ patient_pseudo: 'someone-else', received_at: '2025-09-01T12:00:00Z', id: knownReferralId });
  await insertReferral({ patient_pseudo: 'p-gw9', received_at: '2025-09-15T10:00:00Z', forwarded_to: 'RWG', tfc: '110' });
  await insertReferral({ patient_pseudo: 'p-pa2', received_at: '2025-08-01T10:00:00Z', forwarded_to: 'RWG', procedure_code: 'W85.2', prior_approved_at: '2025-08-05T10:00:00Z' });
  await insertReferral({ patient_pseudo: 'p-pa3', received_at: '2025-08-01T10:00:00Z', forwarded_to: 'RWG', procedure_code: 'L85.1', prior_approved_at: null });

  counts = await runChallengeRules(db, SCOPE);
});
afterAll(() => database.close());

describe('challenge arithmetic', () => {
  it('values a line at tariff, else at the provider price, else 0', () => {
    expect(lineValuePence({ tariffPricePence: 100, providerPricePence: 90 })).toBe(100);
    expect(lineValuePence({ tariffPricePence: null, providerPricePence: 90 })).toBe(90);
    expect(lineValuePence({ tariffPricePence: null, providerPricePence: null })).toBe(0);
  });

  it('reads a ratio exactly in hundredths', () => {
    expect(['1.50', '2', '0.29', '12.05', 1.1].map(ratioHundredths)).toEqual([150, 200, 29, 1205, 110]);
    expect(() => ratioHundredths('-1')).toThrow(RangeError);
  });

  it('counts follow-ups over floor(cap × firsts), with integer arithmetic', () => {
    // 0.29 × 100 is 28.999… in floating point; in hundredths it is exactly 29.
    expect(followUpExcess({ firsts: 100, followUps: 29, followUpValuePence: 2900, capHundredths: 29 })).toMatchObject({ allowed: 29, excess: 0, valuePence: 0 });
    expect(followUpExcess({ firsts: 4, followUps: 8, followUpValuePence: 40_004, capHundredths: 150 }))
      .toEqual({ allowed: 6, excess: 2, averagePricePence: 5001, valuePence: 10_002, ratio: 2 });
    // 1.5 × 3 = 4.5: 4 are paid, so 5 follow-ups are 1 over (5/3 = 1.67 > 1.5).
    expect(followUpExcess({ firsts: 3, followUps: 5, followUpValuePence: 500, capHundredths: 150 })).toMatchObject({ allowed: 4, excess: 1, ratio: 1.67 });
    expect(followUpExcess({ firsts: 0, followUps: 2, followUpValuePence: 6000, capHundredths: 150 })).toMatchObject({ allowed: 0, excess: 2, valuePence: 6000, ratio: null });
  });
});

describe('the rules', () => {
  it('counts each rule in the scope', () => {
    expect(counts).toEqual({
      exact_duplicate: 4, same_day_repeat: 1, follow_up_ratio: 2, c2c_first: 1, no_gateway_referral: 3, prior_approval: 2, readmission_30d: 2,
    });
  });

  it('challenges every copy of an exact duplicate after the first, and not lines that differ in one field', async () => {
    const found = await challengesOf('exact_duplicate');
    expect([...found.keys()].sort()).toEqual(['DUP-2', 'DUP-3', 'ENT-F0-COPY', 'SDR-3']);
    expect(found.get('DUP-2')).toMatchObject({ valuePence: 12_345, detail: { duplicateOf: 'DUP-1', copy: 2 }, status: 'open', practiceCode: 'E82001', tfc: '110' });
    expect(found.get('DUP-3')).toMatchObject({ detail: { duplicateOf: 'DUP-1', copy: 3 } });
    expect(found.get('SDR-3')).toMatchObject({ valuePence: 15_000, detail: { duplicateOf: 'SDR-2' } });
  });

  it('challenges a second outpatient attendance the same day that is not a copy, and not one in another specialty', async () => {
    const found = await challengesOf('same_day_repeat');
    expect([...found.keys()]).toEqual(['SDR-2']);
    expect(found.get('SDR-2')).toMatchObject({ valuePence: 15_000, detail: { sameDayAs: 'SDR-1', linesThatDay: 2, hrg: 'WF01A' } });
  });

  it('challenges follow-ups over the contract cap at their average price, and not a specialty exactly at its own cap', async () => {
    const found = await challengesOf('follow_up_ratio');
    expect([...found.keys()].sort()).toEqual(['RWG:120', 'RWG:140']);
    expect(found.get('RWG:120')).toMatchObject({
      activityId: null, practiceCode: null, tfc: '120', tfcName: 'Ear Nose and Throat', valuePence: 10_002, line: null,
      detail: { firsts: 4, followUps: 8, ratio: 2, cap: 1.5, capSpecialty: '', allowed: 6, excess: 2, averagePricePence: 5001, contract: 'RWG-25' },
    });
    expect(found.get('RWG:140')).toMatchObject({ valuePence: 6_000, detail: { firsts: 0, followUps: 2, ratio: null, excess: 2 } });
  });

  it('challenges a consultant-to-consultant first only where the contract does not allow them', async () => {
    const found = await challengesOf('c2c_first');
    expect([...found.keys()]).toEqual(['C2C-1']);
    expect(found.get('C2C-1')).toMatchObject({ providerCode: 'RWG', valuePence: 10_000, detail: { contract: 'RWG-25', referralSource: 'C2C' } });
  });

  it('challenges a gateway practice’s first attendance with no matching referral in the 180 days before', async () => {
    const found = await challengesOf('no_gateway_referral');
    // GW-1: no referral; GW-4: received 181 days before; GW-9: the referral is for another specialty.
    expect([...found.keys()].sort()).toEqual(['GW-1', 'GW-4', 'GW-9']);
    expect(found.get('GW-1')).toMatchObject({ practiceCode: 'E82002', valuePence: 10_000, detail: { gatewayFrom: '2025-10-08', referralSource: 'GP' } });
  });

  it('challenges a listed procedure without an approved referral, matching listed codes as prefixes', async () => {
    const found = await challengesOf('prior_approval');
    expect([...found.keys()].sort()).toEqual(['PA-1', 'PA-3']);
    expect(found.get('PA-1')).toMatchObject({ valuePence: 80_000, detail: { procedure: 'W85.1', listedCode: 'W85' } });
    // unpriced: the provider's price
    expect(found.get('PA-3')).toMatchObject({ valuePence: 45_600, detail: { listedCode: 'L85.1' } });
  });

  it('flags an emergency admission within 30 days of a discharge from any provider, not on day 31', async () => {
    const found = await challengesOf('readmission_30d');
    expect([...found.keys()].sort()).toEqual(['RA-1', 'RA-3']);
    expect(found.get('RA-1')).toMatchObject({
      valuePence: 0,
      detail: { previousProvider: 'RQW', previousActivityId: 'RA-0', dischargeDate: '2025-09-10', daysSinceDischarge: 30, lineValuePence: 250_000 },
    });
    expect(found.get('RA-3')).toMatchObject({ detail: { previousActivityId: 'RA-2', daysSinceDischarge: 17 } });
  });

  it('shows the line with its pseudonymised patient and nothing identifiable', async () => {
    const [c] = await listChallenges(db, { rule: 'c2c_first' });
    expect(c!.line).toEqual({
      pod: 'OPFA', hrg: null, activityDate: '2025-10-06', dischargeDate: null, patientPseudo: 'p-c2c1', primaryDiagnosis: null, primaryProcedure: null, referralSource: 'C2C',
    });
    expect(JSON.stringify(c)).not.toMatch(/nhs|9434765919|family|given/i);
  });

  it('narrows a practice to its own lines (month-level challenges have no practice)', async () => {
    const own = await listChallenges(db, { practiceCode: 'E82002' });
    expect(own.map((c) => c.activityId).sort()).toEqual(['GW-1', 'GW-4', 'GW-9']);
  });

  it('totals count and value per rule', async () => {
    const totals = await challengeTotals(db, { providerCode: 'RWG', year: YEAR, month: OCTOBER });
    expect(totals.find((t) => t.rule === 'exact_duplicate')).toMatchObject({ count: 4, valuePence: 12_345 * 2 + 15_000 + 5_000 });
    expect(totals.find((t) => t.rule === 'follow_up_ratio')).toMatchObject({ count: 2, valuePence: 16_002 });
    expect(totals).toHaveLength(7);
  });

  it('does nothing for an empty scope, and runs inside a caller’s transaction', async () => {
    expect(Object.values(await runChallengeRules(db, [])).every((n) => n === 0)).toBe(true);
    const inTx = await db.transaction().execute((tx) => runChallengeRules(tx, SCOPE));
    expect(inTx).toEqual(counts);
    await expect(runChallengeRules(db, [{ providerCode: 'RWG', year: '2025', month: 13 }])).rejects.toThrow(RangeError);
  });
});

describe('acting on challenges', () => {
  it('needs challenge.manage and notes for a decision', async () => {
    const dup = (await challengesOf('exact_duplicate')).get('DUP-2')!;
    await expect(setChallengeStatus(db, board, dup.id, { status: 'withdrawn', notes: 'no' })).rejects.toMatchObject({ statusCode: 403 });
    await expect(setChallengeStatus(db, finance, dup.id, { status: 'agreed', notes: '  ' })).rejects.toMatchObject({ statusCode: 422, details: [{ field: 'notes' }] });
    await expect(setChallengeStatus(db, finance, 999_999, { status: 'agreed', notes: 'x' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('records who decided and when, and audits it', async () => {
    const c2c = (await challengesOf('c2c_first')).get('C2C-1')!;
    const updated = await setChallengeStatus(db, finance, c2c.id, { status: 'accepted', notes: ' Provider accepted at the October meeting. ' });
    expect(updated).toMatchObject({ status: 'accepted', statusLabel: 'Accepted', notes: 'Provider accepted at the October meeting.', updatedBy: 'finance-lead' });
    expect(updated.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'entity_id', 'details']).where('entity_type', '=', 'challenge').execute();
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'finance-lead', action: 'challenge.status', entity_id: String(c2c.id) }));
    expect(audit[0]!.details).toMatchObject({ from: 'open', to: 'accepted', rule: 'c2c_first', valuePence: 10_000 });
  });
});

describe('re-running the rules', () => {
  it('is idempotent: the same challenges, with the same ids', async () => {
    const before = await listChallenges(db, { year: YEAR, month: OCTOBER });
    expect(await runChallengeRules(db, SCOPE)).toEqual(counts);
    const after = await listChallenges(db, { year: YEAR, month: OCTOBER });
    expect(after.map((c) => [c.id, c.rule, c.activityId, c.valuePence, c.status])).toEqual(before.map((c) => [c.id, c.rule, c.activityId, c.valuePence, c.status]));
  });

  it('keeps an agreed challenge’s status and notes while refreshing its value', async () => {
    const dup3 = (await challengesOf('exact_duplicate')).get('DUP-3')!;
    await setChallengeStatus(db, finance, dup3.id, { status: 'agreed', notes: 'Agreed with RWG: credit note to follow.' });
    // The provider re-prices the attendance (all copies): still duplicates, now worth £130.00.
    await db.updateTable('activity').set({ tariff_price_pence: 13_000 }).where('activity_id', 'in', ['DUP-1', 'DUP-2', 'DUP-3']).execute();
    await runChallengeRules(db, SCOPE);
    const again = (await challengesOf('exact_duplicate')).get('DUP-3')!;
    expect(again).toMatchObject({ id: dup3.id, valuePence: 13_000, status: 'agreed', notes: 'Agreed with RWG: credit note to follow.', updatedBy: 'finance-lead' });
  });

  it('drops an open challenge whose line was corrected, and keeps one someone acted on', async () => {
    // DUP-2 was sent with the wrong date and is corrected; DUP-3 (agreed) is corrected too.
    await db.updateTable('activity').set({ activity_date: '2025-10-07' }).where('activity_id', '=', 'DUP-2').execute();
    await db.updateTable('activity').set({ primary_diagnosis: 'M17.0', activity_date: '2025-10-08' }).where('activity_id', '=', 'DUP-3').execute();
    const result = await runChallengeRules(db, SCOPE);
    const found = await challengesOf('exact_duplicate');
    expect(found.has('DUP-2')).toBe(false);
    expect(found.get('DUP-3')).toMatchObject({ status: 'agreed', notes: 'Agreed with RWG: credit note to follow.' });
    expect(result.exact_duplicate).toBe(3); // DUP-3 (kept), SDR-3 and ENT-F0-COPY
  });

  it('drops a gateway challenge once the referral is found, at the next run', async () => {
    await insertReferral({ patient_pseudo: 'p-gw1', received_at: '2025-10-01T09:00:00Z', booked_provider: 'RWG' });
    await runChallengeRules(db, [{ providerCode: 'RWG', year: YEAR, month: OCTOBER }]);
    expect([...(await challengesOf('no_gateway_referral')).keys()].sort()).toEqual(['GW-4', 'GW-9']);
  });

  it('leaves other provider months alone', async () => {
    await insertActivity(db, [line('NOV-1', 'p-nov', { activity_date: '2025-11-03' }), line('NOV-2', 'p-nov', { activity_date: '2025-11-03' })]);
    const october = await listChallenges(db, { year: YEAR, month: OCTOBER });
    const result = await runChallengeRules(db, [{ providerCode: 'RWG', year: YEAR, month: 8 }]);
    expect(result.exact_duplicate).toBe(1);
    expect((await listChallenges(db, { year: YEAR, month: OCTOBER })).map((c) => c.id)).toEqual(october.map((c) => c.id));
  });
});

describe('the challenge schedule', () => {
  it('lists a provider month with a total that leaves out withdrawn challenges', async () => {
    const sdr2 = (await challengesOf('same_day_repeat')).get('SDR-2')!;
    await setChallengeStatus(db, finance, sdr2.id, { status: 'withdrawn', notes: 'Two clinics: both attendances were seen.' });
    const rows = await challengeSchedule(db, { providerCode: 'RWG', year: YEAR, month: OCTOBER });
    const challenges = await listChallenges(db, { providerCode: 'RWG', year: YEAR, month: OCTOBER });
    expect(rows).toHaveLength(challenges.length + 1);
    const total = rows.at(-1)!;
    expect(total.rule).toBe(SCHEDULE_TOTAL_LABEL);
    const expected = challenges.filter((c) => c.status !== 'withdrawn').reduce((s, c) => s + c.valuePence, 0);
    expect(total.valuePence).toBe(expected);
    expect(rows.find((r) => r.activityId === 'SDR-2')).toMatchObject({ status: 'Withdrawn', notes: 'Two clinics: both attendances were seen.', valuePence: 15_000, pod: 'OPFA', date: '2025-10-06' });
    expect(rows.find((r) => r.specialty === '120 Ear Nose and Throat' && !r.activityId)).toMatchObject({ pod: 'OPFU', valuePence: 10_002, notes: expect.stringContaining('2 over at £50.01') });

    const csv = toCsv(scheduleTable(rows, { providerCode: 'RWG', providerName: 'Provider RWG', year: YEAR, month: OCTOBER })).split('\r\n');
    expect(csv[0]).toBe('Rule,Activity id,Date,Practice,Specialty,Point of delivery,Value (£),Status,Notes');
    expect(csv.at(-2)).toBe(`${SCHEDULE_TOTAL_LABEL},,,,,,${(expected / 100).toFixed(2)},,`);
  });

  it('gives a practice only its own lines', async () => {
    const rows = await challengeSchedule(db, { providerCode: 'RWG', year: YEAR, month: OCTOBER, practiceCode: 'E82002' });
    expect(rows.map((r) => r.activityId)).toEqual(['GW-4', 'GW-9', '']);
  });
});
