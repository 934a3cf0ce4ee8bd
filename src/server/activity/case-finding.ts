/**
 * Case finding (ACT-7): patients with repeated emergency (non-elective) admissions — "frequent
 * fliers" — so their practice can review their care. A practice sees its own patients
 * re-identified (the NHS number, opened from the sealed identity, for it alone); the commissioner
 * sees the same list pseudonymised. Every view is audited with the patients it showed.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { can, practiceScope } from '../../domain/access/can.js';
import { conditionFlags, pseudonymLabel, type ConditionFlag } from '../../domain/activity/case-finding.js';
import { formatNhsNumber } from '../../domain/patient/nhs-number.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden } from '../http/errors.js';
import { identityKey, unseal } from '../patient/identity.js';

export const DEFAULT_MIN_ADMISSIONS = 3;
export const DEFAULT_MONTHS = 12;


export interface CaseFindingOptions { minAdmissions?: number; months?: number; asOf?: string; practiceCode?: string }

export interface CaseFindingPatient {
  /** the NHS number (formatted) for the patient's own practice; otherwise a short pseudonymous label */
  patient: string;
  reidentified: boolean;
  practiceCode: string;
  practiceName: string;
  admissions: number;
  firstAdmission: string;
  lastAdmission: string;
  bedDays: number;
  diagnoses: string[];
  flags: ConditionFlag[];
  providers: string[];
  costPence: number;
}

export interface CaseFindingList { asOf: string; from: string; minAdmissions: number; months: number; patients: CaseFindingPatient[] }

export async function findFrequentAdmissions(db: Db, user: AuthenticatedUser, options: CaseFindingOptions = {}): Promise<CaseFindingList> {
  if (!can(user, 'casefinding.view')) throw forbidden('Case finding is for practices (their own patients) and the commissioner.');
  const minAdmissions = options.minAdmissions ?? DEFAULT_MIN_ADMISSIONS;
  const months = options.months ?? DEFAULT_MONTHS;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const practice = practiceScope(user) ?? options.practiceCode ?? null;
  const start = new Date(`${asOf}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - months);
  const from = start.toISOString().slice(0, 10); // admissions after this day and up to asOf

  const rows = await sql<{
    patient_pseudo: string; practice_code: string; practice_name: string; admissions: number; first_admission: string; last_admission: string;
    bed_days: number; diagnoses: string[]; providers: string[]; cost_pence: number; sealed: string | null;
  }>`
    select a.patient_pseudo, a.practice_code, p.name as practice_name, count(*)::int as admissions,
           min(a.activity_date)::text as first_admission, max(a.activity_date)::text as last_admission,
           coalesce(sum(greatest(coalesce(a.discharge_date, a.activity_date) - a.activity_date, 0)), 0)::int as bed_days,
           array_remove(array_agg(distinct a.primary_diagnosis), null) as diagnoses,
           array_agg(distinct a.provider_code) as providers,
           coalesce(sum(a.tariff_price_pence), 0)::bigint as cost_pence,
           i.nhs_number_sealed as sealed
    from activity a
    join practice p on p.code = a.practice_code
    left join patient_identity i on i.patient_pseudo = a.patient_pseudo and i.practice_code = a.practice_code
    where a.pod = 'NEL' and a.in_area
      and a.activity_date > ${from}::date and a.activity_date <= ${asOf}::date
      and (${practice}::text is null or a.practice_code = ${practice}::text)
    group by a.patient_pseudo, a.practice_code, p.name, i.nhs_number_sealed
    having count(*) >= ${minAdmissions}::int
    order by count(*) desc, max(a.activity_date) desc, a.patient_pseudo`.execute(db);

  // Re-identified only for a practice user looking at its own patients.
  const key = user.role === 'practice' ? await identityKey(db) : undefined;
  const patients = rows.rows.map((r): CaseFindingPatient => {
    const nhsNumber = key && r.sealed && r.practice_code === user.practiceCode ? unseal(key, r.sealed) : null;
    return {
      patient: nhsNumber ? formatNhsNumber(nhsNumber) : pseudonymLabel(r.patient_pseudo), reidentified: Boolean(nhsNumber),
      practiceCode: r.practice_code, practiceName: r.practice_name, admissions: r.admissions,
      firstAdmission: r.first_admission, lastAdmission: r.last_admission, bedDays: r.bed_days,
      diagnoses: [...r.diagnoses].sort(), providers: [...r.providers].sort(), costPence: r.cost_pence,
      flags: conditionFlags(r.diagnoses),
    };
  });
  await recordAudit(db, {
    actor: user.username, action: 'casefinding.view', entityType: 'case_finding', entityId: practice ?? 'all',
    details: { minAdmissions, months, asOf, patients: rows.rows.map((r) => r.patient_pseudo), reidentified: patients.filter((p) => p.reidentified).length },
  });
  return { asOf, from, minAdmissions, months, patients };
}
