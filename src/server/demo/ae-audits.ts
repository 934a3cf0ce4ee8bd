/**
 * The demo's A&E audit sheets (REF-10): a completed audit of last month's A&E attendances for the
 * first four demo practices, 15 to 30 attendances each, with plausible reasons, times, outcomes
 * and whether primary care could have seen the patient (minor illness more often yes, chest pain
 * and breathlessness no).
 *
 * Patients are the practice's own where the demo has any (A&E activity lines of that month, else
 * any of its patients, opened from their sealed identity), topped up with fictitious 999-range NHS
 * numbers that no other practice holds. Everything goes through the real services (checked,
 * pseudonymised, audited) as the practice's demo account. Idempotent: a practice that already has
 * the audit of that title is left as it is.
 */
import type { Db } from '../../db/database.js';
import type { AeOutcome, CouldSee } from '../../domain/insight-audit/ae-audit.js';
import { nhsNumberCheckDigit } from '../../domain/patient/nhs-number.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { AGE_BANDS } from '../../domain/population/age-bands.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { addEntry, completeAudit, createAudit } from '../insight/ae-audits.js';
import { identityKey, unseal } from '../patient/identity.js';
import { pseudonymSecret } from '../referrals/service.js';

export interface DemoAeAuditsSummary { audits: number; entries: number; skipped: number }

export interface DemoAeAuditsOptions {
  /** the first day of the month audited; defaults to last month */
  month?: string;
  /** how many practices get an audit (the first by code) */
  practices?: number;
}

/** Reasons with how often they come, whether primary care could usually have seen them, and the usual outcome. */
const REASONS: readonly { reason: string; weight: number; couldSee: readonly CouldSee[]; outcomes: readonly AeOutcome[]; ages: readonly string[] }[] = [
  { reason: 'Minor injury (sprain, cut, bruise)', weight: 6, couldSee: ['yes', 'yes', 'unsure'], outcomes: ['discharged'], ages: ['5-9', '10-14', '15-19', '20-24', '30-34', '45-49'] },
  { reason: 'Fever or infection in a child', weight: 4, couldSee: ['yes', 'yes', 'unsure'], outcomes: ['discharged', 'discharged', 'referred'], ages: ['0-4', '0-4', '5-9'] },
  { reason: 'Could not get a GP appointment', weight: 3, couldSee: ['yes'], outcomes: ['discharged', 'left'], ages: ['25-29', '35-39', '40-44', '55-59'] },
  { reason: 'Urinary symptoms', weight: 2, couldSee: ['yes', 'unsure'], outcomes: ['discharged'], ages: ['25-29', '60-64', '75-79'] },
  { reason: 'Rash or skin problem', weight: 2, couldSee: ['yes'], outcomes: ['discharged', 'left'], ages: ['0-4', '20-24', '35-39'] },
  { reason: 'Medication or prescription problem', weight: 2, couldSee: ['yes', 'yes', 'unsure'], outcomes: ['discharged'], ages: ['65-69', '70-74', '80-84'] },
  { reason: 'Sent by NHS 111', weight: 2, couldSee: ['unsure', 'yes', 'no'], outcomes: ['discharged', 'referred'], ages: ['30-34', '50-54', '70-74'] },
  { reason: 'Back pain', weight: 2, couldSee: ['yes', 'unsure'], outcomes: ['discharged'], ages: ['35-39', '45-49', '55-59'] },
  { reason: 'Abdominal pain', weight: 3, couldSee: ['unsure', 'no', 'yes'], outcomes: ['discharged', 'referred', 'admitted'], ages: ['15-19', '25-29', '40-44', '60-64'] },
  { reason: 'Chest pain', weight: 3, couldSee: ['no', 'no', 'unsure'], outcomes: ['discharged', 'admitted'], ages: ['45-49', '55-59', '65-69', '75-79'] },
  { reason: 'Shortness of breath', weight: 2, couldSee: ['no', 'unsure'], outcomes: ['admitted', 'discharged'], ages: ['0-4', '70-74', '80-84'] },
  { reason: 'Fall', weight: 3, couldSee: ['no', 'unsure', 'yes'], outcomes: ['admitted', 'discharged', 'referred'], ages: ['75-79', '80-84', '85-89', '90-94'] },
  { reason: 'Suspected fracture', weight: 2, couldSee: ['no'], outcomes: ['discharged', 'admitted', 'referred'], ages: ['10-14', '40-44', '80-84'] },
  { reason: 'Mental health crisis', weight: 1, couldSee: ['no', 'unsure'], outcomes: ['referred', 'admitted'], ages: ['15-19', '20-24', '35-39'] },
  { reason: 'Alcohol or drug related', weight: 1, couldSee: ['no'], outcomes: ['discharged', 'left'], ages: ['20-24', '25-29', '45-49'] },
];
const TOTAL_WEIGHT = REASONS.reduce((sum, r) => sum + r.weight, 0);

/** A small seeded generator (mulberry32), so the demo is the same every time. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const seedOf = (text: string) => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

const lastMonth = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
};
const monthEnd = (first: string) => {
  const d = new Date(`${first}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const demoAuditTitle = (month: string) => `A&E attendances, ${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const practiceUser = (code: string): AuthenticatedUser => ({
  id: 0, username: `practice-${code.toLowerCase()}`, displayName: `Demo practice ${code}`, role: 'practice', practiceCode: code, isDemo: true,
});

/** A time of day: about half in core hours, the rest evenings and nights (when A&E is busiest for what a GP could see). */
function timeOfDay(rnd: () => number): string {
  const minutes = rnd() < 0.5 ? 8 * 60 + Math.floor(rnd() * 630) : (18 * 60 + 30 + Math.floor(rnd() * 810)) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export async function loadDemoAeAudits(db: Db, actor: string, options: DemoAeAuditsOptions = {}): Promise<DemoAeAuditsSummary> {
  const month = options.month ?? lastMonth();
  const end = monthEnd(month);
  const title = demoAuditTitle(month);
  const practices = (await db.selectFrom('practice').select('code').orderBy('code').limit(options.practices ?? 4).execute()).map((p) => p.code);
  const [secret, key] = await Promise.all([pseudonymSecret(db), identityKey(db)]);
  const summary: DemoAeAuditsSummary = { audits: 0, entries: 0, skipped: 0 };
  let stem = 999_200_000; // fictitious numbers for the top-up, away from where the demo's referrals and activity draw theirs

  for (const code of practices) {
    const existing = await db.selectFrom('ae_audit').select('id').where('practice_code', '=', code).where('title', '=', title).executeTakeFirst();
    if (existing) {
      summary.skipped += 1;
      continue;
    }
    const rnd = seeded(seedOf(`${code}|${month}`));
    const count = 15 + Math.floor(rnd() * 16);
    // The practice's own patients: first those with an A&E line that month, then any of its patients.
    const own = await db.selectFrom('patient_identity as i')
      .leftJoin('activity as a', (j) => j.onRef('a.patient_pseudo', '=', 'i.patient_pseudo').on('a.pod', '=', 'AE').on('a.activity_date', '>=', month).on('a.activity_date', '<=', end))
      .select(['i.nhs_number_sealed', 'i.patient_pseudo']).select((eb) => eb.fn.max('a.activity_date').as('ae_date'))
      .where('i.practice_code', '=', code).groupBy(['i.nhs_number_sealed', 'i.patient_pseudo'])
      .orderBy((eb) => eb.fn.max('a.activity_date'), (ob) => ob.desc().nullsLast()).orderBy('i.patient_pseudo').limit(count).execute();
    const patients: { nhs: string; date: string | null }[] = own.map((p) => ({ nhs: unseal(key, p.nhs_number_sealed), date: p.ae_date as string | null }));
    while (patients.length < count) {
      const check = nhsNumberCheckDigit(String(stem));
      const nhs = `${stem++}${check}`;
      if (check === null) continue;
      const held = await db.selectFrom('patient_identity').select('practice_code').where('patient_pseudo', '=', patientPseudonym(secret, nhs)).executeTakeFirst();
      if (!held || held.practice_code === code) patients.push({ nhs, date: null });
    }

    const user = practiceUser(code);
    const audit = await createAudit(db, user, { title, periodStart: month, periodEnd: end });
    const days = Number(end.slice(8, 10));
    for (const patient of patients) {
      let r = rnd() * TOTAL_WEIGHT;
      const reason = REASONS.find((x) => (r -= x.weight) < 0) ?? REASONS[0]!;
      const date = patient.date ?? `${month.slice(0, 8)}${String(1 + Math.floor(rnd() * days)).padStart(2, '0')}`;
      const band = pick(rnd, reason.ages);
      await addEntry(db, user, audit.id, {
        nhsNumber: patient.nhs,
        ageBand: AGE_BANDS.includes(band as (typeof AGE_BANDS)[number]) ? band : '40-44',
        sex: rnd() < 0.52 ? 'F' : 'M',
        attendedAt: `${date}T${timeOfDay(rnd)}`,
        reason: reason.reason,
        primaryCareCouldSee: pick(rnd, reason.couldSee),
        outcome: pick(rnd, reason.outcomes),
        notes: '',
      });
      summary.entries += 1;
    }
    await completeAudit(db, user, audit.id);
    summary.audits += 1;
  }
  await recordAudit(db, { actor, action: 'demo.ae_audits', entityType: 'ae_audit', entityId: month, details: { ...summary } });
  return summary;
}
