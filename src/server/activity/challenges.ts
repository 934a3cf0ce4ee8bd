/**
 * Challenges (ACT-6): lines of hospital activity that a rule says should not be paid, or should
 * be looked at, each with its value in pence.
 *
 * The rules run after each activity import for the (provider, year, month) pairs it touched, and
 * again on demand. Each rule is one reviewed SQL query returning its candidates; storing them is
 * idempotent: a challenge is upserted on its key (rule, provider, year, month, activity id, tfc),
 * its value and detail refreshed but its status, notes and who acted on it never touched; a
 * still-open challenge the rule no longer produces (the line was corrected or withdrawn) is
 * deleted, while one somebody has acted on is kept with its history.
 *
 * Money is integer pence. A line's value is its tariff price, else what the provider charged when
 * the line is unpriced, else 0 (`LINE_VALUE`).
 *
 * Rules that look beyond the lines of the scope (referrals, prior approvals, another provider's
 * discharges) see the data as it is when they run: a referral or an approval recorded later is
 * taken into account at the next run of that provider and month (POST /api/challenges/run).
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { ChallengeRule, ChallengeStatus, ChallengeTable } from '../../db/schema.js';
import { can } from '../../domain/access/can.js';
import { divideRounded } from '../../domain/activity/money.js';
import { monthLabel } from '../../domain/activity/financial-year.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';

export type { ChallengeRule, ChallengeStatus };

/** Every rule, in the order they are shown and run. */
export const CHALLENGE_RULES = [
  'exact_duplicate', 'same_day_repeat', 'follow_up_ratio', 'c2c_first', 'no_gateway_referral', 'prior_approval', 'readmission_30d',
] as const satisfies readonly ChallengeRule[];

export const CHALLENGE_RULE_LABELS: Record<ChallengeRule, string> = {
  exact_duplicate: 'Exact duplicate',
  same_day_repeat: 'Same-day repeat',
  follow_up_ratio: 'Follow-ups above the contract ratio',
  c2c_first: 'Consultant-to-consultant first attendance',
  no_gateway_referral: 'No gateway referral',
  prior_approval: 'Prior approval not given',
  readmission_30d: 'Emergency readmission within 30 days',
};

export const CHALLENGE_STATUSES = ['open', 'accepted', 'withdrawn', 'agreed'] as const satisfies readonly ChallengeStatus[];

export const CHALLENGE_STATUS_LABELS: Record<ChallengeStatus, string> = {
  open: 'Open',
  accepted: 'Accepted',
  withdrawn: 'Withdrawn',
  agreed: 'Agreed',
};

/** The provider months a run covers. */
export type ChallengeScope = { providerCode: string; year: string; month: number }[];

// ── Pure parts ──────────────────────────────────────────────────────────────────────────────────

/** What a line is worth: its tariff price, else the provider's price when unpriced, else 0. */
export function lineValuePence(line: { tariffPricePence: number | null; providerPricePence: number | null }): number {
  return line.tariffPricePence ?? line.providerPricePence ?? 0;
}

/** `1.50` (numeric(6,2) as text, or a number) → 150 hundredths, exactly. */
export function ratioHundredths(ratio: string | number): number {
  const text = String(ratio).trim();
  const match = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) throw new RangeError(`not a ratio: ${text}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export interface FollowUpMonth {
  /** OPFA lines of the provider, month and specialty */
  firsts: number;
  /** OPFU lines of the provider, month and specialty */
  followUps: number;
  /** the value of those follow-ups (LINE_VALUE summed) */
  followUpValuePence: number;
  /** the contract's cap, follow-ups per first, in hundredths (1.50 → 150) */
  capHundredths: number;
}

export interface FollowUpExcess {
  /** follow-ups the contract pays for: floor(cap × firsts) */
  allowed: number;
  /** follow-ups over the cap: follow-ups − allowed (0 when within the cap) */
  excess: number;
  /** the month's average follow-up price, rounded half away from zero to the penny */
  averagePricePence: number;
  /** excess × averagePricePence */
  valuePence: number;
  /** follow-ups ÷ firsts to 2 decimal places, or null when there were no first attendances */
  ratio: number | null;
}

/**
 * The follow-up ratio rule's arithmetic, in integers. A ratio above the cap means
 * followUps > cap × firsts, which (follow-ups being whole) is followUps > floor(cap × firsts):
 * the excess is the difference. With no first attendances in the month the contract pays for
 * cap × 0 = 0 follow-ups, so every follow-up is over the cap (the ratio is undefined, shown as null).
 * The value is the excess at the average price, the average rounded to the penny first so that the
 * schedule's "excess × average" can be checked by hand.
 */
export function followUpExcess(m: FollowUpMonth): FollowUpExcess {
  const product = m.capHundredths * m.firsts;
  const allowed = (product - (product % 100)) / 100;
  const excess = Math.max(0, m.followUps - allowed);
  const averagePricePence = m.followUps > 0 ? divideRounded(m.followUpValuePence, m.followUps) : 0;
  return {
    allowed,
    excess,
    averagePricePence,
    valuePence: excess * averagePricePence,
    ratio: m.firsts > 0 ? divideRounded(m.followUps * 100, m.firsts) / 100 : null,
  };
}

// ── Running the rules ───────────────────────────────────────────────────────────────────────────

/** What a rule produces for one challenge, before it is stored. */
interface Candidate {
  provider_code: string;
  year: string;
  month: number;
  /** '' for a challenge on a month rather than a line (follow_up_ratio) */
  activity_id: string;
  practice_code: string | null;
  tfc: string;
  value_pence: number;
  detail: Record<string, unknown>;
}

/** A line's value in SQL, for the line aliased `a` (see lineValuePence). */
const LINE_VALUE = sql`coalesce(a.tariff_price_pence, a.provider_price_pence, 0)`;

/** The scope as a relation `scope (provider_code, year, month)`, passed as one JSON parameter. */
const scopeCte = (scopeJson: string) =>
  sql`scope as (select distinct s.provider_code, s.year, s.month from jsonb_to_recordset(${scopeJson}::jsonb) as s (provider_code text, year text, month int))`;

/** Joins the activity line `a` to the scope. */
const IN_SCOPE = sql`join scope s on s.provider_code = a.provider_code and s.year = a.year and s.month = a.month`;

/** The columns every per-line rule returns, for the line `a`. */
const LINE_COLUMNS = sql`a.provider_code, a.year, a.month, a.activity_id, a.practice_code, coalesce(a.tfc, '') as tfc`;

/**
 * Every field of a line but its id and import run: two lines equal in all of these are the same
 * attendance sent twice. PARTITION BY groups nulls together, which is what we want here.
 */
const SAME_LINE = sql`a.provider_code, a.patient_pseudo, a.practice_code, a.in_area, a.pod, a.tfc, a.hrg, a.activity_date, a.discharge_date,
  a.primary_diagnosis, a.primary_procedure, a.referral_source, a.referral_id, a.provider_price_pence, a.tariff_price_pence`;

/** A code compared as OPCS-4 is written either way: upper case, no dot, no surrounding spaces ('l85.1 ' → 'L851'). */
const codeKey = (expression: RawBuilder<unknown>) => sql`replace(upper(btrim(${expression})), '.', '')`;

type RuleQuery = (tx: Tx, scopeJson: string) => Promise<Candidate[]>;

const rows = async <T>(tx: Tx, query: RawBuilder<T>) => (await query.execute(tx)).rows;

const RULES: Record<ChallengeRule, RuleQuery> = {
  /*
   * exact_duplicate catches the same attendance or admission sent twice under two activity ids:
   * lines of one provider equal in every field but their id (patient, practice, point of delivery,
   * specialty, HRG, dates, diagnosis, procedure, referral source and id, and both prices). The
   * first copy by activity id (byte order, the same on every server) is paid; every later copy is
   * challenged at its value. Equal dates put the copies in the same month, so the scope sees them all.
   */
  exact_duplicate: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)},
    lines as (
      select a.*, ${LINE_VALUE} as value,
        row_number() over copies as copy,
        first_value(a.activity_id) over copies as original
      from activity a ${IN_SCOPE}
      window copies as (partition by ${SAME_LINE} order by a.activity_id collate "C")
    )
    select ${LINE_COLUMNS}, a.value as value_pence,
      jsonb_build_object('duplicateOf', a.original, 'copy', a.copy) as detail
    from lines a
    where a.copy > 1`),

  /*
   * same_day_repeat catches a second attendance of the same patient at the same provider on the
   * same day, in the same specialty and point of delivery, that is not simply a copy of the first
   * (its HRG, procedure or price differ): e.g. two first outpatient attendances in one clinic, or
   * a follow-up billed twice with different HRGs. Exact copies are left to exact_duplicate (only
   * the first copy of each set is considered here), so no line is challenged twice.
   * Outpatients and A&E only: two admissions on one day are plausible (a transfer, a discharge and
   * an emergency readmission, a day case then an admission) and readmissions have their own rule.
   */
  same_day_repeat: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)},
    lines as (
      select a.*, row_number() over (partition by ${SAME_LINE} order by a.activity_id collate "C") as copy
      from activity a ${IN_SCOPE}
      where a.pod in ('OPFA', 'OPFU', 'OPPROC', 'AE')
    ),
    ranked as (
      select a.*, ${LINE_VALUE} as value,
        row_number() over same_day as n,
        first_value(a.activity_id) over same_day as first_line,
        count(*) over (partition by a.provider_code, a.patient_pseudo, a.activity_date, a.tfc, a.pod) as lines_that_day
      from lines a
      where a.copy = 1
      window same_day as (partition by a.provider_code, a.patient_pseudo, a.activity_date, a.tfc, a.pod order by a.activity_id collate "C")
    )
    select ${LINE_COLUMNS}, a.value as value_pence,
      jsonb_build_object('sameDayAs', a.first_line, 'linesThatDay', a.lines_that_day, 'hrg', a.hrg) as detail
    from ranked a
    where a.n > 1`),

  /*
   * follow_up_ratio catches a provider's month of outpatient follow-ups, per specialty, above the
   * follow-up to first ratio its contract for the year pays for: the specialty's own cap, else the
   * contract's '' cap; no contract or no cap, no challenge. The counts come from SQL; the arithmetic
   * (what is over the cap and what it is worth) is followUpExcess. One challenge per provider,
   * month and specialty, with activity_id '' and tfc the specialty ('' for lines without one).
   * Lines challenged in full as exact duplicates or same-day repeats are not counted (the same
   * ranking as those rules), so no attendance is challenged twice over.
   */
  follow_up_ratio: async (tx, scopeJson) => {
    const months = await rows(tx, sql<{
      provider_code: string; year: string; month: number; tfc: string; firsts: number; follow_ups: number; follow_up_value: number;
      cap: string; cap_tfc: string; contract: string;
    }>`
      with ${scopeCte(scopeJson)},
      lines as (
        select a.*, row_number() over (partition by ${SAME_LINE} order by a.activity_id collate "C") as copy
        from activity a ${IN_SCOPE}
        where a.pod in ('OPFA', 'OPFU')
      ),
      counted as (
        select a.*, row_number() over (partition by a.provider_code, a.patient_pseudo, a.activity_date, a.tfc, a.pod order by a.activity_id collate "C") as n
        from lines a
        where a.copy = 1
      ),
      counts as (
        select a.provider_code, a.year, a.month, coalesce(a.tfc, '') as tfc,
          count(*) filter (where a.pod = 'OPFA') as firsts,
          count(*) filter (where a.pod = 'OPFU') as follow_ups,
          coalesce(sum(${LINE_VALUE}) filter (where a.pod = 'OPFU'), 0) as follow_up_value
        from counted a
        where a.n = 1
        group by a.provider_code, a.year, a.month, coalesce(a.tfc, '')
      )
      select c.*, cap.max_ratio::text as cap, cap.tfc as cap_tfc, k.reference as contract
      from counts c
      join contract k on k.provider_code = c.provider_code and k.year = c.year
      cross join lateral (
        select f.max_ratio, f.tfc from contract_follow_up_cap f
        where f.contract_id = k.id and f.tfc in (c.tfc, '')
        order by f.tfc = '' limit 1
      ) cap
      where c.follow_ups > 0`);
    return months.flatMap((m): Candidate[] => {
      const capHundredths = ratioHundredths(m.cap);
      const result = followUpExcess({ firsts: Number(m.firsts), followUps: Number(m.follow_ups), followUpValuePence: Number(m.follow_up_value), capHundredths });
      if (result.excess === 0) return [];
      return [{
        provider_code: m.provider_code, year: m.year, month: m.month, activity_id: '', practice_code: null, tfc: m.tfc,
        value_pence: result.valuePence,
        detail: {
          firsts: Number(m.firsts), followUps: Number(m.follow_ups), ratio: result.ratio, cap: capHundredths / 100, capSpecialty: m.cap_tfc,
          allowed: result.allowed, excess: result.excess, averagePricePence: result.averagePricePence, contract: m.contract,
        },
      }];
    });
  },

  /*
   * c2c_first catches first outpatient attendances referred consultant to consultant when the
   * provider's contract for the year does not pay for them (c2c_allowed false). No contract for
   * the year, no challenge: there is nothing to say what was agreed.
   */
  c2c_first: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)}
    select ${LINE_COLUMNS}, ${LINE_VALUE} as value_pence,
      jsonb_build_object('contract', k.reference, 'referralSource', a.referral_source) as detail
    from activity a ${IN_SCOPE}
    join contract k on k.provider_code = a.provider_code and k.year = a.year
    where a.pod = 'OPFA' and a.referral_source = 'C2C' and not k.c2c_allowed`),

  /*
   * no_gateway_referral catches a first outpatient attendance referred by a GP (or with no source
   * given) from a practice that sends its referrals through the gateway, on or after the day it
   * started to (practice.gateway_from), when the gateway has no referral for it. A referral
   * matches when the provider returned its id and it exists, or when it is for the same patient
   * (pseudonym) and specialty, was received in the 180 days up to the attendance (London dates),
   * and went to this provider: forwarded or booked there, or the provider was one of the choices.
   * Practices outside the commissioner are not in `practice`, so never challenged here.
   */
  no_gateway_referral: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)}
    select ${LINE_COLUMNS}, ${LINE_VALUE} as value_pence,
      jsonb_build_object('gatewayFrom', p.gateway_from, 'referralSource', a.referral_source, 'referralId', a.referral_id) as detail
    from activity a ${IN_SCOPE}
    join practice p on p.code = a.practice_code
    where a.pod = 'OPFA'
      and coalesce(a.referral_source, 'GP') = 'GP'
      and p.gateway_from is not null and a.activity_date >= p.gateway_from
      and not exists (select 1 from referral r where r.id = a.referral_id)
      and not exists (
        select 1 from referral r
        where r.patient_pseudo = a.patient_pseudo
          and r.tfc = a.tfc
          and (r.received_at at time zone 'Europe/London')::date between a.activity_date - 180 and a.activity_date
          and (r.forwarded_to = a.provider_code or r.booked_provider = a.provider_code
               or exists (select 1 from referral_choice rc where rc.referral_id = r.id and rc.provider_code = a.provider_code)))`),

  /*
   * prior_approval catches a day case, elective admission or outpatient procedure whose primary
   * procedure is on the prior-approval list, when no referral for the patient asking for that
   * procedure has been approved. A listed code matches every code it begins (L85 matches L85.1),
   * dots and case ignored; an approval counts when the referral's procedure begins with a listed
   * code that the line's procedure also begins, whenever it was given. The most specific listed
   * code is named in the detail.
   */
  prior_approval: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)}
    select distinct on (a.provider_code, a.activity_id)
      ${LINE_COLUMNS}, ${LINE_VALUE} as value_pence,
      jsonb_build_object('procedure', a.primary_procedure, 'listedCode', pa.code, 'listedName', pa.name) as detail
    from activity a ${IN_SCOPE}
    join prior_approval_procedure pa
      on ${codeKey(sql`pa.code`)} <> ''
     and left(${codeKey(sql`a.primary_procedure`)}, length(${codeKey(sql`pa.code`)})) = ${codeKey(sql`pa.code`)}
    where a.pod in ('DC', 'EL', 'OPPROC')
      and a.primary_procedure is not null
      and not exists (
        select 1
        from prior_approval_procedure approved_code
        join referral r
          on r.patient_pseudo = a.patient_pseudo
         and r.prior_approved_at is not null
         and r.procedure_code is not null
         and left(${codeKey(sql`r.procedure_code`)}, length(${codeKey(sql`approved_code.code`)})) = ${codeKey(sql`approved_code.code`)}
        where ${codeKey(sql`approved_code.code`)} <> ''
          and left(${codeKey(sql`a.primary_procedure`)}, length(${codeKey(sql`approved_code.code`)})) = ${codeKey(sql`approved_code.code`)})
    order by a.provider_code, a.activity_id, length(${codeKey(sql`pa.code`)}) desc, pa.code`),

  /*
   * readmission_30d flags a non-elective admission that began within 30 days (day 30 included)
   * of the same patient's discharge from an earlier admission (day case, elective or non-elective)
   * at any provider: the latest such discharge is named. It is a flag for clinical review, not a
   * claim: its value is 0, and the line's value is in the detail (lineValuePence), because whether
   * a readmission is paid is agreed case by case after review.
   */
  readmission_30d: (tx, scopeJson) => rows(tx, sql<Candidate>`
    with ${scopeCte(scopeJson)}
    select distinct on (a.provider_code, a.activity_id)
      ${LINE_COLUMNS}, 0 as value_pence,
      jsonb_build_object(
        'previousProvider', b.provider_code, 'previousActivityId', b.activity_id, 'previousPod', b.pod,
        'dischargeDate', b.discharge_date, 'daysSinceDischarge', a.activity_date - b.discharge_date,
        'lineValuePence', ${LINE_VALUE}) as detail
    from activity a ${IN_SCOPE}
    join activity b
      on b.patient_pseudo = a.patient_pseudo
     and b.pod in ('DC', 'EL', 'NEL')
     and b.discharge_date is not null
     and b.discharge_date between a.activity_date - 30 and a.activity_date
     and not (b.provider_code = a.provider_code and b.activity_id = a.activity_id)
    where a.pod = 'NEL'
    order by a.provider_code, a.activity_id, b.discharge_date desc, b.provider_code, b.activity_id collate "C"`),
};

/** Rows per insert statement (one JSON parameter each). */
const STORE_CHUNK = 2000;

/**
 * Stores a rule's candidates for the scope: upsert on the challenge's key, refreshing value,
 * detail and practice only (never status, notes or who acted); then delete the scope's open
 * challenges of the rule that were not produced this time. Acted-on challenges are kept.
 */
async function store(tx: Tx, rule: ChallengeRule, scopeJson: string, candidates: Candidate[]) {
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const key = [c.provider_code, c.year, c.month, c.activity_id, c.tfc].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const kept: number[] = [];
  for (let i = 0; i < unique.length; i += STORE_CHUNK) {
    const chunk = unique.slice(i, i + STORE_CHUNK).map((c) => ({ ...c, value_pence: Number(c.value_pence) }));
    const result = await sql<{ id: number }>`
      insert into challenge (rule, provider_code, year, month, activity_id, practice_code, tfc, value_pence, detail)
      select ${rule}, c.provider_code, c.year, c.month, c.activity_id, c.practice_code, c.tfc, c.value_pence, coalesce(c.detail, '{}'::jsonb)
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as c (provider_code text, year text, month smallint, activity_id text, practice_code text, tfc text, value_pence bigint, detail jsonb)
      on conflict (rule, provider_code, year, month, activity_id, tfc) do update
        set value_pence = excluded.value_pence, detail = excluded.detail, practice_code = excluded.practice_code
      returning id`.execute(tx);
    for (const row of result.rows) kept.push(Number(row.id));
  }
  await sql`
    with ${scopeCte(scopeJson)}
    delete from challenge c
    using scope s
    where c.rule = ${rule}
      and c.provider_code = s.provider_code and c.year = s.year and c.month = s.month
      and c.status = 'open'
      and c.id not in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(kept)}::jsonb))`.execute(tx);
}

const emptyCounts = (): Record<ChallengeRule, number> =>
  Object.fromEntries(CHALLENGE_RULES.map((r) => [r, 0])) as Record<ChallengeRule, number>;

/**
 * Runs every rule for the scope and returns how many challenges each rule has there afterwards
 * (open and acted-on). Inside a transaction, pass it (an import's): the challenges commit with the
 * lines they are about. Otherwise the run is its own transaction.
 */
export async function runChallengeRules(db: Db | Tx, scope: ChallengeScope): Promise<Record<ChallengeRule, number>> {
  const pairs = [...new Map(scope.map((s) => [`${s.providerCode}|${s.year}|${s.month}`, s])).values()];
  for (const s of pairs) {
    if (!/^\d{4}\/\d{2}$/.test(s.year) || !Number.isInteger(s.month) || s.month < 1 || s.month > 12) {
      throw new RangeError(`not a financial year and month: ${s.year} ${s.month}`);
    }
  }
  if (pairs.length === 0) return emptyCounts();
  const scopeJson = JSON.stringify(pairs.map((s) => ({ provider_code: s.providerCode, year: s.year, month: s.month })));
  const run = async (tx: Tx) => {
    for (const rule of CHALLENGE_RULES) await store(tx, rule, scopeJson, await RULES[rule](tx, scopeJson));
    const counted = await rows(tx, sql<{ rule: ChallengeRule; n: number }>`
      with ${scopeCte(scopeJson)}
      select c.rule, count(*) as n
      from challenge c join scope s on s.provider_code = c.provider_code and s.year = c.year and s.month = c.month
      group by c.rule`);
    const counts = emptyCounts();
    for (const row of counted) counts[row.rule] = Number(row.n);
    return counts;
  };
  return db.isTransaction ? run(db as Tx) : (db as Db).transaction().execute(run);
}

// ── Reading and acting on challenges ────────────────────────────────────────────────────────────

export interface ChallengeFilters {
  providerCode?: string;
  year?: string;
  month?: number;
  rule?: ChallengeRule;
  status?: ChallengeStatus;
  /** a practice user's own practice: only its lines (month-level challenges have no practice) */
  practiceCode?: string | null;
  limit?: number;
  offset?: number;
}

/** A challenge with the line it is about (the patient only as the pseudonym). */
export interface ChallengeView {
  id: number;
  rule: ChallengeRule;
  ruleLabel: string;
  providerCode: string;
  providerName: string;
  year: string;
  month: number;
  monthLabel: string;
  /** null for a challenge on a month's follow-ups */
  activityId: string | null;
  practiceCode: string | null;
  practiceName: string | null;
  tfc: string;
  tfcName: string | null;
  /** the line, when the challenge is on one that is still stored */
  line: {
    pod: string;
    hrg: string | null;
    activityDate: string;
    dischargeDate: string | null;
    patientPseudo: string;
    primaryDiagnosis: string | null;
    primaryProcedure: string | null;
    referralSource: string | null;
  } | null;
  valuePence: number;
  detail: Record<string, unknown>;
  status: ChallengeStatus;
  statusLabel: string;
  notes: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

function baseQuery(db: Db | Tx) {
  return db.selectFrom('challenge as c')
    .innerJoin('provider as pr', 'pr.code', 'c.provider_code')
    .leftJoin('activity as a', (join) => join.onRef('a.provider_code', '=', 'c.provider_code').onRef('a.activity_id', '=', 'c.activity_id'))
    .leftJoin('practice as p', 'p.code', 'c.practice_code')
    .select([
      'c.id', 'c.rule', 'c.provider_code', 'pr.name as provider_name', 'c.year', 'c.month', 'c.activity_id', 'c.practice_code', 'p.name as practice_name',
      'c.tfc', 'c.value_pence', 'c.detail', 'c.status', 'c.notes', 'c.updated_by', 'c.updated_at',
      'a.pod', 'a.hrg', 'a.activity_date', 'a.discharge_date', 'a.patient_pseudo', 'a.primary_diagnosis', 'a.primary_procedure', 'a.referral_source',
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toView(r: BaseRow): ChallengeView {
  return {
    id: Number(r.id),
    rule: r.rule,
    ruleLabel: CHALLENGE_RULE_LABELS[r.rule],
    providerCode: r.provider_code,
    providerName: r.provider_name,
    year: r.year,
    month: r.month,
    monthLabel: monthLabel(r.year, r.month),
    activityId: r.activity_id || null,
    practiceCode: r.practice_code,
    practiceName: r.practice_name,
    tfc: r.tfc,
    tfcName: r.tfc ? treatmentFunctionName(r.tfc) : null,
    line: r.pod && r.activity_date && r.patient_pseudo ? {
      pod: r.pod, hrg: r.hrg, activityDate: r.activity_date, dischargeDate: r.discharge_date, patientPseudo: r.patient_pseudo,
      primaryDiagnosis: r.primary_diagnosis, primaryProcedure: r.primary_procedure, referralSource: r.referral_source,
    } : null,
    valuePence: Number(r.value_pence),
    detail: r.detail ?? {},
    status: r.status,
    statusLabel: CHALLENGE_STATUS_LABELS[r.status],
    notes: r.notes,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  };
}

type ChallengeEb = ExpressionBuilder<{ c: ChallengeTable }, 'c'>;

/** The filters as one condition on the challenge `c`. */
function matching(eb: ChallengeEb, f: ChallengeFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (f.providerCode) conditions.push(eb('c.provider_code', '=', f.providerCode));
  if (f.year) conditions.push(eb('c.year', '=', f.year));
  if (f.month) conditions.push(eb('c.month', '=', f.month));
  if (f.rule) conditions.push(eb('c.rule', '=', f.rule));
  if (f.status) conditions.push(eb('c.status', '=', f.status));
  if (f.practiceCode) conditions.push(eb('c.practice_code', '=', f.practiceCode));
  return eb.and(conditions);
}

/** Challenges matching the filters, by provider, month, rule and activity id. */
export async function listChallenges(db: Db | Tx, filters: ChallengeFilters = {}): Promise<ChallengeView[]> {
  let query = baseQuery(db).where((eb) => matching(eb, filters))
    .orderBy('c.provider_code').orderBy('c.year').orderBy('c.month').orderBy('c.rule').orderBy(sql`c.activity_id collate "C"`).orderBy('c.tfc');
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  if (filters.offset) query = query.offset(filters.offset);
  return (await query.execute()).map(toView);
}

export interface ChallengeTotal { rule: ChallengeRule; ruleLabel: string; count: number; valuePence: number }

/** How many challenges match the filters, and their value, per rule (every rule, zeros included). */
export async function challengeTotals(db: Db | Tx, filters: Omit<ChallengeFilters, 'limit' | 'offset'> = {}): Promise<ChallengeTotal[]> {
  const query = db.selectFrom('challenge as c')
    .select(['c.rule', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.sum<number>('c.value_pence').as('value')])
    .where((eb) => matching(eb, filters))
    .groupBy('c.rule');
  const found = new Map((await query.execute()).map((r) => [r.rule, r]));
  return CHALLENGE_RULES.map((rule) => ({
    rule, ruleLabel: CHALLENGE_RULE_LABELS[rule], count: Number(found.get(rule)?.count ?? 0), valuePence: Number(found.get(rule)?.value ?? 0),
  }));
}

/** One challenge, or 404. */
export async function getChallenge(db: Db | Tx, id: number): Promise<ChallengeView> {
  const row = await baseQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The challenge');
  return toView(row);
}

export interface StatusChange { status: ChallengeStatus; notes: string }

/**
 * Records a decision on a challenge: accepted (the provider accepts it: the line is not paid),
 * withdrawn (the commissioner drops it: the line is paid), agreed (a settlement, described in the
 * notes), or open again. Notes are required for every status but open. Who and when are recorded
 * on the challenge, and the change is audited in the same transaction.
 */
export async function setChallengeStatus(db: Db, user: AuthenticatedUser, id: number, change: StatusChange): Promise<ChallengeView> {
  if (!can(user, 'challenge.manage')) throw forbidden('Your role cannot act on challenges.');
  if (!(CHALLENGE_STATUSES as readonly string[]).includes(change.status)) {
    throw new HttpError(422, 'invalid_status', `The status must be one of ${CHALLENGE_STATUSES.join(', ')}.`, [{ field: 'status', message: 'is not a challenge status' }]);
  }
  const notes = change.notes.trim();
  if (change.status !== 'open' && !notes) {
    const message = `Say why the challenge is ${CHALLENGE_STATUS_LABELS[change.status].toLowerCase()}.`;
    throw new HttpError(422, 'notes_required', message, [{ field: 'notes', message }]);
  }
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('challenge').select(['id', 'status', 'notes', 'rule', 'provider_code', 'year', 'month', 'activity_id', 'value_pence'])
      .where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('The challenge');
    await tx.updateTable('challenge')
      .set({ status: change.status, notes, updated_by: user.username, updated_at: new Date() })
      .where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'challenge.status', entityType: 'challenge', entityId: String(id),
      details: {
        from: before.status, to: change.status, notes, rule: before.rule, providerCode: before.provider_code, year: before.year, month: before.month,
        activityId: before.activity_id, valuePence: Number(before.value_pence),
      },
    });
    return getChallenge(tx, id);
  });
}

// ── The challenge schedule (sent to the provider) ──────────────────────────────────────────────

export interface ScheduleRow {
  rule: string;
  activityId: string;
  date: string | null;
  practice: string;
  specialty: string;
  pod: string;
  valuePence: number;
  status: string;
  notes: string;
}

/** The total row's label: withdrawn challenges are listed but not counted. */
export const SCHEDULE_TOTAL_LABEL = 'Total (excluding withdrawn)';

/**
 * A provider's challenges for one month, as the schedule lists them, with a last row totalling
 * the value of every challenge not withdrawn. A practice user gets only its own practice's lines.
 */
export async function challengeSchedule(db: Db | Tx, params: { providerCode: string; year: string; month: number; practiceCode?: string | null }): Promise<ScheduleRow[]> {
  const challenges = await listChallenges(db, params);
  const lines = challenges.map((c): ScheduleRow => ({
    rule: c.ruleLabel,
    activityId: c.activityId ?? '',
    date: c.line?.activityDate ?? null,
    practice: c.practiceCode ? `${c.practiceName ?? c.practiceCode} (${c.practiceCode})` : '',
    specialty: c.tfc ? `${c.tfc} ${c.tfcName ?? ''}`.trim() : '',
    pod: c.line?.pod ?? (c.rule === 'follow_up_ratio' ? 'OPFU' : ''),
    valuePence: c.valuePence,
    status: c.statusLabel,
    notes: c.rule === 'follow_up_ratio' && !c.notes ? followUpNote(c.detail) : c.notes,
  }));
  const total = challenges.filter((c) => c.status !== 'withdrawn').reduce((sum, c) => sum + c.valuePence, 0);
  return [...lines, { rule: SCHEDULE_TOTAL_LABEL, activityId: '', date: null, practice: '', specialty: '', pod: '', valuePence: total, status: '', notes: '' }];
}

/** "12 follow-ups, 5 firsts: 2.40 per first against a cap of 1.50; 5 over at £85.00" */
function followUpNote(detail: Record<string, unknown>): string {
  const d = detail as { firsts?: number; followUps?: number; ratio?: number | null; cap?: number; excess?: number; averagePricePence?: number };
  if (d.followUps === undefined || d.firsts === undefined) return '';
  const ratio = d.ratio === null || d.ratio === undefined ? 'no first attendances' : `${d.ratio.toFixed(2)} per first`;
  return `${d.followUps} follow-ups, ${d.firsts} first attendances: ${ratio} against a cap of ${(d.cap ?? 0).toFixed(2)}; ${d.excess ?? 0} over at £${((d.averagePricePence ?? 0) / 100).toFixed(2)}`;
}

/** The schedule as an export table (CSV or XLSX via sendTable); empty text is a blank cell. */
export function scheduleTable(rows: ScheduleRow[], params: { providerCode: string; providerName: string; year: string; month: number }): ExportTable<ScheduleRow> {
  const label = monthLabel(params.year, params.month);
  return {
    fileName: `challenges-${params.providerCode}-${params.year.replace('/', '-')}-${String(params.month).padStart(2, '0')}`,
    sheetName: 'Challenges',
    title: [`Challenge schedule: ${params.providerName} (${params.providerCode})`, `${label} (month ${params.month} of ${params.year})`],
    columns: [
      { header: 'Rule', value: (r) => r.rule, width: 40 },
      { header: 'Activity id', value: (r) => r.activityId || null, width: 16 },
      { header: 'Date', kind: 'date', value: (r) => r.date, width: 12 },
      { header: 'Practice', value: (r) => r.practice || null, width: 30 },
      { header: 'Specialty', value: (r) => r.specialty || null, width: 30 },
      { header: 'Point of delivery', value: (r) => r.pod || null, width: 10 },
      { header: 'Value (£)', kind: 'pence', value: (r) => r.valuePence, width: 14 },
      { header: 'Status', value: (r) => r.status || null, width: 12 },
      { header: 'Notes', value: (r) => r.notes || null, width: 60 },
    ],
    rows,
  };
}
