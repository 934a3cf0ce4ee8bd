/**
 * A small locality for the feedback packs whose June 2025 figures can be worked out by hand
 * (on buildHandLocality's lists: E82001 1,000 men 20-24 and 1,000 women 70-74; E82002 2,000 men
 * 20-24; E82003 2,000 women 70-74; E82004 nobody):
 *
 * Referrals received in June 2025 (young = man born 2003, old = woman born 1953):
 *   E82001: 3 old in 110 on the knee-pain pathway, 1 young in 130. Triage: 2 forwarded (one then
 *           booked), 1 diverted, 1 awaiting. Criteria: "duration" missed by all 3, "xray" by 1.
 *   E82002: 2 young in 110 on knee-pain, both returned with advice, both missing "xray".
 *   E82003: 9 old in 110: 3 forwarded, 6 awaiting (one of them after information was asked for and given).
 * Activity in June 2025 (in area, RWG): E82001 three first attendances - one carrying its referral's
 * id (£100), one matched by patient, provider and specialty (£100), one without a referral (£150) -
 * and a follow-up (£50); E82002 one first attendance without a referral (£80).
 * A published 2025/26 outpatients budget: E82001 £12,000 (even phasing), E82002 £6,000.
 */
import type { Db } from '../db/database.js';
import { insertActivity } from './activity.js';
import { buildHandLocality } from './insight.js';

export const PACK_MONTH = '2025-06';

let counter = 0;

interface PackReferral {
  practiceCode: string;
  old: boolean;
  tfc?: string;
  /** statuses the referral went through after arriving, as events (to_status), in order */
  path?: string[];
  status?: string;
  pathway?: { met: Record<string, boolean> };
  forwardedTo?: string;
  pseudo?: string;
  day?: number;
}

async function insertPackReferrals(db: Db, referrals: PackReferral[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of referrals) {
    const n = ++counter;
    const receivedAt = `2025-06-${String(r.day ?? 10).padStart(2, '0')}T12:00:00Z`;
    const check = r.pathway ? Object.entries(r.pathway.met).map(([id, met]) => ({ id, label: id === 'xray' ? 'Knee X-ray' : 'Months of symptoms', met, detail: '' })) : [];
    const row = await db.insertInto('referral').values({
      reference: `T-PACK-${String(n).padStart(6, '0')}`, source: 'demo', practice_code: r.practiceCode, clinician: 'Dr Test',
      nhs_number: '9434765919', patient_pseudo: r.pseudo ?? `pack-${n}`, family_name: 'Test', given_name: 'Patient',
      birth_date: r.old ? '1953-01-01' : '2003-01-01', sex: r.old ? 'female' : 'male', postcode: 'AL1 1AA', tfc: r.tfc ?? '110',
      reason_system: 'icd10', reason_code: 'M17.1', priority: 'routine', clinical_info: '{}', pathway_check: JSON.stringify(check),
      pathway_code: r.pathway ? 'knee-pain' : null, referral_date: receivedAt.slice(0, 10), status: r.status ?? r.path?.at(-1) ?? 'awaiting_triage',
      forwarded_to: r.forwardedTo ?? null, received_at: receivedAt, updated_at: receivedAt,
    }).returning('id').executeTakeFirstOrThrow();
    ids.push(row.id);
    const path = ['awaiting_triage', ...(r.path ?? [])];
    for (const [i, to] of path.entries()) {
      await db.insertInto('referral_event').values({
        referral_id: row.id, at: new Date(Date.parse(receivedAt) + i * 3_600_000), actor: i === 0 ? 'gateway' : 'reviewer', action: i === 0 ? 'submit' : 'decide',
        from_status: i === 0 ? null : path[i - 1]!, to_status: to, reason: null, details: '{}',
      }).execute();
    }
  }
  return ids;
}

const knee = (duration: boolean, xray: boolean) => ({ met: { duration, xray } });

export async function buildPackLocality(db: Db) {
  await buildHandLocality(db);
  await db.insertInto('pathway').values({
    code: 'knee-pain', name: 'Knee pain (orthopaedics)', tfc: '110', updated_by: 'test',
    criteria: JSON.stringify([
      { id: 'duration', kind: 'threshold', label: 'Months of symptoms', field: 'duration_months', operator: '>=', value: 3 },
      { id: 'xray', kind: 'required_test', label: 'Knee X-ray', test: 'xray' },
    ]),
  }).execute();
  const [byId] = await insertPackReferrals(db, [
    { practiceCode: 'E82001', old: true, pathway: knee(false, true), path: ['forwarded'], forwardedTo: 'RWG' },
    { practiceCode: 'E82001', old: true, pathway: knee(false, true), path: ['forwarded', 'booked'], forwardedTo: 'RWG', pseudo: 'matched-by-patient', day: 3 },
    { practiceCode: 'E82001', old: true, pathway: knee(false, false), path: ['diverted'] },
    { practiceCode: 'E82001', old: false, tfc: '130' },
    ...Array.from({ length: 2 }, () => ({ practiceCode: 'E82002', old: false, pathway: knee(true, false), path: ['returned_with_advice'] })),
    ...Array.from({ length: 3 }, () => ({ practiceCode: 'E82003', old: true, path: ['forwarded'] })),
    ...Array.from({ length: 5 }, () => ({ practiceCode: 'E82003', old: true })),
    { practiceCode: 'E82003', old: true, path: ['info_requested', 'awaiting_triage'] },
  ]);
  await insertActivity(db, [
    { practice_code: 'E82001', activity_date: '2025-06-20', referral_id: byId!, patient_pseudo: 'someone', tariff_price_pence: 10_000 },
    { practice_code: 'E82001', activity_date: '2025-06-21', patient_pseudo: 'matched-by-patient', tariff_price_pence: 10_000 },
    { practice_code: 'E82001', activity_date: '2025-06-22', patient_pseudo: 'never-referred', tariff_price_pence: 15_000 },
    { practice_code: 'E82001', activity_date: '2025-06-23', pod: 'OPFU', patient_pseudo: 'someone', tariff_price_pence: 5_000 },
    { practice_code: 'E82002', activity_date: '2025-06-24', patient_pseudo: 'other', tariff_price_pence: 8_000 },
  ]);
  const setting = await db.insertInto('budget_setting').values({
    year: '2025/26', service_line: 'outpatients', version: 1, status: 'published', commissioner_total_pence: 1_800_000, pace_of_change: 1,
    floor_percent: 0, growth_pence: 0, historic_year: '2024/25', historic_source: 'activity', created_by: 'test', published_by: 'test', published_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('practice_budget').values([
    { setting_id: setting.id, practice_code: 'E82001', group_code: 'NORTH', historic_pence: 0, fair_share_pence: 1_200_000, budget_pence: 1_200_000 },
    { setting_id: setting.id, practice_code: 'E82002', group_code: 'SOUTH', historic_pence: 0, fair_share_pence: 600_000, budget_pence: 600_000 },
  ]).execute();
}
