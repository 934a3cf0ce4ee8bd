/**
 * Test helpers for insight: a small locality whose rates can be worked out by hand, referrals
 * straight into the table (only what counting reads matters), and capitation weights.
 */
import type { Db } from '../db/database.js';
import { CELLS } from '../domain/budgets/capitation.js';
import type { AgeBand, Sex } from '../domain/population/age-bands.js';
import { buildOrgTree } from './factories.js';

let counter = 0;

export interface TestReferral {
  practiceCode: string;
  /** when received (ISO timestamp or date; a date is taken as midday UTC) */
  receivedAt: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
  tfc?: string;
}

/** Stores referrals as received; everything counting does not read gets a fixed value. */
export async function insertReferrals(db: Db, referrals: TestReferral[]) {
  if (!referrals.length) return;
  await db.insertInto('referral').values(referrals.map((r) => {
    const n = ++counter;
    const receivedAt = r.receivedAt.length === 10 ? `${r.receivedAt}T12:00:00Z` : r.receivedAt;
    return {
      reference: `T-INSIGHT-${String(n).padStart(6, '0')}`, source: 'demo' as const, practice_code: r.practiceCode, clinician: 'Dr Test',
      nhs_number: '9434765919', patient_pseudo: `pseudo-${n}`, family_name: 'Test', given_name: 'Patient', birth_date: r.birthDate, sex: r.sex,
      postcode: 'AL1 1AA', tfc: r.tfc ?? '110', reason_system: 'icd10' as const, reason_code: 'M17.1', priority: 'routine' as const,
      clinical_info: '{}', pathway_check: '[]', referral_date: receivedAt.slice(0, 10), status: 'awaiting_triage', received_at: receivedAt, updated_at: receivedAt,
    };
  })).execute();
}

/** `count` referrals alike. */
export const referralsLike = (count: number, referral: TestReferral): TestReferral[] => Array.from({ length: count }, () => ({ ...referral }));

/** Capitation weights of a service line: the weights given, 1 for every other band. */
export async function insertWeights(db: Db, serviceLine: string, weights: Partial<Record<`${Sex} ${AgeBand}`, number>> = {}) {
  await db.insertInto('capitation_weight').values(CELLS.map(({ sex, ageBand }) => ({
    service_line: serviceLine, sex, age_band: ageBand, weight: weights[`${sex} ${ageBand}`] ?? 1,
  }))).execute();
}

/**
 * A locality to work by hand (population period 2025-04-01):
 *   E82001 (NORTH): 1,000 men aged 20-24 and 1,000 women aged 70-74
 *   E82002 (SOUTH): 2,000 men aged 20-24
 *   E82003 (NORTH): 2,000 women aged 70-74
 *   E82004 (SOUTH): no registered patients
 */
export async function buildHandLocality(db: Db) {
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003', 'E82004'], patientsPerBand: 0 });
  const period = '2025-04-01';
  const rows: { practice_code: string; sex: Sex; age_band: AgeBand; patients: number }[] = [
    { practice_code: 'E82001', sex: 'M', age_band: '20-24', patients: 1000 },
    { practice_code: 'E82001', sex: 'F', age_band: '70-74', patients: 1000 },
    { practice_code: 'E82002', sex: 'M', age_band: '20-24', patients: 2000 },
    { practice_code: 'E82003', sex: 'F', age_band: '70-74', patients: 2000 },
  ];
  await db.insertInto('population').values(rows.map((r) => ({ ...r, period }))).execute();
  return { period };
}
