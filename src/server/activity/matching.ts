/**
 * Matching hospital activity back to the referral gateway (REF-9): each first outpatient
 * attendance (OPFA) is matched to the referral that led to it —
 *   1. by the gateway's referral id, when the provider returned it;
 *   2. otherwise by patient (the shared keyed pseudonym), provider (the one the referral was
 *      forwarded to or booked with), specialty (treatment function) and date: the referral was
 *      received in the MATCH_WINDOW_DAYS before the attendance (the latest such referral wins).
 * It reports the match rate, the attendances that never passed the gateway, the forwarded
 * referrals with no attendance yet, and where the trust's ICD-10 diagnosis disagrees with the
 * referral's code (compared by three-character category: M17.1 and M17.9 agree).
 *
 * Analytics use pseudonyms: nothing here returns a name or an NHS number.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { financialYearBounds } from '../../domain/activity/financial-year.js';

/** How long before an attendance its referral may have been received. */
export const MATCH_WINDOW_DAYS = 180;
/** Lists are capped; the totals always count everything. */
export const LIST_LIMIT = 200;

export interface MatchingFilters { year: string; providerCode?: string | undefined; practiceCode?: string | undefined }

export interface MatchingReport {
  year: string;
  windowDays: number;
  attendances: number;
  matched: number;
  matchedById: number;
  matchedByPatient: number;
  /** matched ÷ attendances, 0 when there are none */
  matchRate: number;
  byProvider: { providerCode: string; providerName: string; attendances: number; matched: number; matchRate: number }[];
  unmatchedAttendances: { total: number; rows: { providerCode: string; activityId: string; activityDate: string; practiceCode: string; tfc: string | null; referralSource: string | null }[] };
  unmatchedReferrals: { total: number; rows: { id: string; reference: string; practiceCode: string; providerCode: string; tfc: string; receivedAt: string; bookedDate: string | null }[] };
  diagnosisDisagreements: { total: number; rows: { providerCode: string; activityId: string; activityDate: string; referralReference: string; referralCode: string; trustCode: string }[] };
}

const rate = (matched: number, of: number) => (of === 0 ? 0 : Math.round((matched / of) * 1000) / 1000);

/**
 * Every first outpatient attendance (OPFA) that `where` (a condition on the activity line `a`)
 * chooses, with the gateway referral it matches, if any: the referral id the provider returned,
 * else the patient's pseudonym, specialty and provider with a referral received in the
 * MATCH_WINDOW_DAYS before. Reviewed SQL: two lateral look-ups so that each uses its index.
 * The one statement of the matching rules; the feedback packs count from it too.
 */
export function matchedFirstAttendances(where: RawBuilder<unknown>) {
  return sql`
    select a.provider_code, a.activity_id, a.activity_date, a.practice_code, a.tfc, a.referral_source, a.primary_diagnosis, a.tariff_price_pence,
           coalesce(by_id.id, by_patient.id) as referral_id,
           coalesce(by_id.reference, by_patient.reference) as reference,
           coalesce(by_id.reason_system, by_patient.reason_system) as reason_system,
           coalesce(by_id.reason_code, by_patient.reason_code) as reason_code,
           case when by_id.id is not null then 'id' when by_patient.id is not null then 'patient' end as method
    from activity a
    left join lateral (
      select r.id, r.reference, r.reason_system, r.reason_code from referral r where r.id = a.referral_id
    ) by_id on true
    left join lateral (
      select r.id, r.reference, r.reason_system, r.reason_code from referral r
      where by_id.id is null and r.patient_pseudo = a.patient_pseudo and r.tfc = a.tfc
        and (r.forwarded_to = a.provider_code or r.booked_provider = a.provider_code)
        and r.received_at >= a.activity_date - ${MATCH_WINDOW_DAYS}::int and r.received_at < a.activity_date + 1
      order by r.received_at desc limit 1
    ) by_patient on true
    where a.pod = 'OPFA' and ${where}`;
}

export async function matchActivityToReferrals(db: Db, filters: MatchingFilters): Promise<MatchingReport> {
  const { from, until } = financialYearBounds(filters.year);
  const provider = filters.providerCode ?? null;
  const practice = filters.practiceCode ?? null;

  const matched = matchedFirstAttendances(sql`a.year = ${filters.year}
      and (${provider}::text is null or a.provider_code = ${provider}::text)
      and (${practice}::text is null or a.practice_code = ${practice}::text)`);

  const [totals, byProvider, unmatched, disagreements, unmatchedReferrals] = await Promise.all([
    sql<{ attendances: number; matched: number; by_id: number; by_patient: number }>`
      with m as (${matched})
      select count(*)::int as attendances, count(referral_id)::int as matched,
             (count(*) filter (where method = 'id'))::int as by_id, (count(*) filter (where method = 'patient'))::int as by_patient
      from m`.execute(db),
    sql<{ provider_code: string; provider_name: string; attendances: number; matched: number }>`
      with m as (${matched})
      select m.provider_code, p.name as provider_name, count(*)::int as attendances, count(m.referral_id)::int as matched
      from m join provider p on p.code = m.provider_code group by m.provider_code, p.name order by m.provider_code`.execute(db),
    sql<{ provider_code: string; activity_id: string; activity_date: string; practice_code: string; tfc: string | null; referral_source: string | null; total: number }>`
      with m as (${matched})
      select provider_code, activity_id, activity_date, practice_code, tfc, referral_source, count(*) over ()::int as total
      from m where referral_id is null order by activity_date, provider_code, activity_id limit ${LIST_LIMIT}`.execute(db),
    sql<{ provider_code: string; activity_id: string; activity_date: string; reference: string; reason_code: string; primary_diagnosis: string; total: number }>`
      with m as (${matched})
      select provider_code, activity_id, activity_date, reference, reason_code, primary_diagnosis, count(*) over ()::int as total
      from m
      where referral_id is not null and reason_system = 'icd10' and primary_diagnosis is not null
        and left(replace(reason_code, '.', ''), 3) <> left(replace(primary_diagnosis, '.', ''), 3)
      order by activity_date, provider_code, activity_id limit ${LIST_LIMIT}`.execute(db),
    // Forwarded in the year, booked (if at all) before today, and no first attendance since.
    sql<{ id: string; reference: string; practice_code: string; provider: string; tfc: string; received_at: Date; booked_date: string | null; total: number }>`
      select r.id, r.reference, r.practice_code, coalesce(r.booked_provider, r.forwarded_to) as provider, r.tfc, r.received_at, r.booked_date,
             count(*) over ()::int as total
      from referral r
      where r.forwarded_to is not null and r.received_at >= ${from}::date and r.received_at < ${until}::date
        and (r.booked_date is null or r.booked_date < current_date)
        and (${provider}::text is null or coalesce(r.booked_provider, r.forwarded_to) = ${provider}::text)
        and (${practice}::text is null or r.practice_code = ${practice}::text)
        and not exists (
          select 1 from activity a
          where a.pod = 'OPFA' and (a.referral_id = r.id or (
            a.patient_pseudo = r.patient_pseudo and a.tfc = r.tfc and a.provider_code in (r.forwarded_to, r.booked_provider)
            and a.activity_date >= r.received_at::date and a.activity_date <= r.received_at::date + ${MATCH_WINDOW_DAYS}::int)))
      order by r.received_at limit ${LIST_LIMIT}`.execute(db),
  ]);

  const t = totals.rows[0]!;
  return {
    year: filters.year, windowDays: MATCH_WINDOW_DAYS,
    attendances: t.attendances, matched: t.matched, matchedById: t.by_id, matchedByPatient: t.by_patient, matchRate: rate(t.matched, t.attendances),
    byProvider: byProvider.rows.map((r) => ({ providerCode: r.provider_code, providerName: r.provider_name, attendances: r.attendances, matched: r.matched, matchRate: rate(r.matched, r.attendances) })),
    unmatchedAttendances: {
      total: unmatched.rows[0]?.total ?? 0,
      rows: unmatched.rows.map((r) => ({ providerCode: r.provider_code, activityId: r.activity_id, activityDate: r.activity_date, practiceCode: r.practice_code, tfc: r.tfc, referralSource: r.referral_source })),
    },
    unmatchedReferrals: {
      total: unmatchedReferrals.rows[0]?.total ?? 0,
      rows: unmatchedReferrals.rows.map((r) => ({ id: r.id, reference: r.reference, practiceCode: r.practice_code, providerCode: r.provider, tfc: r.tfc, receivedAt: r.received_at.toISOString(), bookedDate: r.booked_date })),
    },
    diagnosisDisagreements: {
      total: disagreements.rows[0]?.total ?? 0,
      rows: disagreements.rows.map((r) => ({ providerCode: r.provider_code, activityId: r.activity_id, activityDate: r.activity_date, referralReference: r.reference, referralCode: r.reason_code, trustCode: r.primary_diagnosis })),
    },
  };
}
