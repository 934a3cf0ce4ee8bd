/**
 * The counts behind the insight measures (issue 7 §1), set-based, per practice and month:
 * - gateway referrals by the month they were received (UK time), with the patient's age band on
 *   that day and sex — counted, never listed: no identity leaves the query;
 * - provider activity from activity_month_summary (in-area lines only) at the measure's points of
 *   delivery, e.g. OPFA for first attendances;
 * - the registered list in force in each month (the latest population period on or before the
 *   month starts; months before the first period use the first), by age band and sex;
 * - weighted (capitation) lists through budgets' loadFairShares, the one place they are computed.
 * Months are written 'YYYY-MM-01'.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { financialYearsBetween, monthStart } from '../../domain/activity/financial-year.js';
import type { Pod } from '../../domain/activity/pricing.js';
import { serviceLineOfPod } from '../../domain/budgets/service-lines.js';
import { rationalToNumber } from '../../domain/budgets/capitation.js';
import type { EventKind, EventSelection } from '../../domain/insight/measures.js';
import type { BandWeight } from '../../domain/insight/practice-rates.js';
import type { EventCell, PopulationCell } from '../../domain/insight/rates.js';
import { AGE_BANDS, isAgeBand, type Sex } from '../../domain/population/age-bands.js';
import { HttpError } from '../http/errors.js';
import { loadFairShares } from '../budgets/capitation.js';

/** The point of delivery each kind of activity is counted at, unless the measure names others. */
export const KIND_PODS: Record<Exclude<EventKind, 'referrals'>, Pod[]> = {
  first_outpatient: ['OPFA'], follow_up: ['OPFU'], elective: ['EL'], day_case: ['DC'], non_elective: ['NEL'], ae_attendance: ['AE'],
};

export const podsOf = (selection: EventSelection): Pod[] =>
  (selection.events === 'referrals' ? [] : selection.filters?.pointsOfDelivery ?? KIND_PODS[selection.events]);

export interface MonthEvents { total: number; bands: EventCell[] }
/** month → practice → events */
export type EventsByMonth = Map<string, Map<string, MonthEvents>>;

function add(target: EventsByMonth, month: string, practice: string, events: number, band: EventCell | null) {
  let byPractice = target.get(month);
  if (!byPractice) target.set(month, (byPractice = new Map()));
  let entry = byPractice.get(practice);
  if (!entry) byPractice.set(practice, (entry = { total: 0, bands: [] }));
  entry.total += events;
  if (band) entry.bands.push(band);
}

export interface CountQuery {
  commissionerCode: string;
  /** 'YYYY-MM-01', in order */
  months: readonly string[];
  /** a specialty (treatment function) asked for, on top of the measure's own filter */
  tfc: string | null;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** The events a selection counts, per month and practice of the commissioner. */
export async function countEvents(db: Db, selection: EventSelection, query: CountQuery): Promise<EventsByMonth> {
  const result: EventsByMonth = new Map();
  if (!query.months.length) return result;
  const from = query.months[0]!;
  const until = nextMonth(query.months.at(-1)!);
  const specialties = selection.filters?.specialties ?? null;
  if (selection.events === 'referrals') {
    // Age in whole years on the day received; bands of five years up to 95+. Sex other or unknown has no band.
    const rows = await sql<{ practice_code: string; month: string; sex: Sex | null; band: number; events: number }>`
      select r.practice_code,
        to_char(date_trunc('month', r.received_at at time zone 'Europe/London'), 'YYYY-MM-DD') as month,
        case r.sex when 'male' then 'M' when 'female' then 'F' end as sex,
        least(greatest(floor(extract(year from age((r.received_at at time zone 'Europe/London')::date, r.birth_date)) / 5), 0), 19)::int as band,
        count(*)::int as events
      from referral r join practice p on p.code = r.practice_code
      where p.commissioner_code = ${query.commissionerCode}
        and r.received_at >= (${from}::timestamp at time zone 'Europe/London')
        and r.received_at < (${until}::timestamp at time zone 'Europe/London')
        ${query.tfc ? sql`and r.tfc = ${query.tfc}` : sql``}
        ${specialties ? sql`and r.tfc in (${sql.join(specialties)})` : sql``}
      group by 1, 2, 3, 4`.execute(db);
    for (const r of rows.rows) {
      add(result, r.month, r.practice_code, r.events, r.sex ? { sex: r.sex, ageBand: AGE_BANDS[r.band]!, events: r.events } : null);
    }
    return result;
  }
  const pods = podsOf(selection);
  const years = financialYearsBetween(from, query.months.at(-1)!);
  const rows = await db.selectFrom('activity_month_summary as s').innerJoin('practice as p', 'p.code', 's.practice_code')
    .select(['s.practice_code', 's.year', 's.month', sql<number>`sum(s.lines)::int`.as('events')])
    .where('p.commissioner_code', '=', query.commissionerCode)
    .where('s.in_area', '=', true)
    .where('s.year', 'in', years)
    .where('s.pod', 'in', pods)
    .$if(query.tfc !== null, (q) => q.where('s.tfc', '=', query.tfc!))
    .$if(specialties !== null, (q) => q.where('s.tfc', 'in', specialties!))
    .groupBy(['s.practice_code', 's.year', 's.month']).execute();
  const wanted = new Set(query.months);
  for (const r of rows) {
    const month = monthStart(r.year, r.month);
    if (wanted.has(month)) add(result, month, r.practice_code, r.events, null);
  }
  return result;
}

export interface PracticeRef { code: string; name: string; groupCode: string }

/** The commissioner's practices, by code. */
export async function commissionerPractices(db: Db, commissionerCode: string): Promise<PracticeRef[]> {
  const rows = await db.selectFrom('practice').select(['code', 'name', 'group_code']).where('commissioner_code', '=', commissionerCode).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, groupCode: r.group_code }));
}

export interface MonthlyPopulation {
  /** month → the population period in force (null when the commissioner has none at all) */
  periodOf: Map<string, string | null>;
  /** period → practice → its list by band */
  lists: Map<string, Map<string, PopulationCell[]>>;
}

/** The registered list of every practice in force in each month. */
export async function monthlyPopulation(db: Db, commissionerCode: string, months: readonly string[]): Promise<MonthlyPopulation> {
  const periods = (await db.selectFrom('population as pop').innerJoin('practice as p', 'p.code', 'pop.practice_code')
    .select('pop.period').distinct().where('p.commissioner_code', '=', commissionerCode).orderBy('pop.period').execute()).map((r) => r.period);
  const periodOf = new Map<string, string | null>();
  for (const month of months) periodOf.set(month, periods.filter((p) => p <= month).at(-1) ?? periods[0] ?? null);
  const needed = [...new Set([...periodOf.values()].filter((p): p is string => p !== null))];
  const lists = new Map<string, Map<string, PopulationCell[]>>(needed.map((p) => [p, new Map()]));
  if (needed.length) {
    const rows = await db.selectFrom('population as pop').innerJoin('practice as p', 'p.code', 'pop.practice_code')
      .select(['pop.practice_code', 'pop.period', 'pop.sex', 'pop.age_band', 'pop.patients'])
      .where('p.commissioner_code', '=', commissionerCode).where('pop.period', 'in', needed).execute();
    for (const r of rows) {
      if (!isAgeBand(r.age_band) || r.patients <= 0) continue;
      const byPractice = lists.get(r.period)!;
      let cells = byPractice.get(r.practice_code);
      if (!cells) byPractice.set(r.practice_code, (cells = []));
      cells.push({ sex: r.sex, ageBand: r.age_band, patients: r.patients });
    }
  }
  return { periodOf, lists };
}

/** The capitation service line a selection's events belong to (referrals lead to outpatients). */
export function serviceLineOf(selection: EventSelection): string {
  const pods = podsOf(selection);
  return pods.length ? serviceLineOfPod(pods[0]!) : 'outpatients';
}

export interface WeightedLists {
  serviceLine: string;
  /** period → practice → weighted list (capitation: Σ patients × weight, scaled so the commissioner's weighted list equals its registered list) */
  byPeriod: Map<string, Map<string, number>>;
  /** the band weights of the service line */
  weights: BandWeight[];
}

/**
 * Weighted lists of the service line at each period, from budgets' fair shares (a zero total: only
 * the weighted populations are wanted). Null when the service line has no weights.
 */
export async function weightedLists(db: Db, commissionerCode: string, periods: readonly string[], serviceLine: string): Promise<WeightedLists | null> {
  const byPeriod = new Map<string, Map<string, number>>();
  let weights: BandWeight[] = [];
  for (const period of periods) {
    try {
      const report = await loadFairShares(db, { serviceLine, totalPence: 0, period, commissioner: commissionerCode });
      byPeriod.set(period, new Map(report.practices.map((p) => [p.practiceCode, rationalToNumber(p.weightedPopulation)])));
      if (!weights.length) {
        const listed = report.practices.find((p) => p.rawPopulation > 0);
        if (listed) {
          weights = report.result.bandsOf(listed.practiceCode)
            .filter((b) => b.weight !== null).map((b) => ({ sex: b.sex, ageBand: b.ageBand, weight: Number(b.weight) }));
        }
      }
    } catch (error) {
      if (error instanceof HttpError && error.code === 'no_weights') return null;
      throw error;
    }
  }
  return { serviceLine, byPeriod, weights };
}
