/**
 * A practice's monthly feedback pack (REF-8, issue 7 §3): the same data for the page and the PDF.
 *
 * Worked out in two steps so that generating every practice's pack keeps memory flat:
 * 1. `assemblePeerData` gathers what every pack compares against, ONCE for all the commissioner's
 *    practices: the insight comparisons (comparison.ts: referrals per 1,000 for the month, overall
 *    and by specialty; the same measure month by month for the trend; every measure in force over
 *    the 12 months to the month for funnel positions; CUSUM alerts), triage outcomes, pathway
 *    criteria missed, first attendances matched to referrals and their cost, activity cost and the
 *    budget position (budget-monitoring.ts). It keeps only each practice's own figures and the
 *    peers' spreads, never the comparisons themselves.
 * 2. `packFor` slices one practice's pack out of that.
 *
 * Peers are every practice of the commissioner (the practice included): a pack shows them only as
 * a median and a range, never a named or labelled peer.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { financialMonthOf, monthLabel } from '../../domain/activity/financial-year.js';
import type { Pod } from '../../domain/activity/pricing.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import {
  criteriaMostMissed, longMonth, noOutcomes, outcomeShares, peerSpreadOf, standsOut, TRIAGE_OUTCOMES,
  type ChangeAlert, type CriterionCount, type CriterionMissed, type MeasurePosition, type OutcomeCounts, type OutcomeShare, type PeerSpread, type TriageOutcome,
} from '../../domain/insight-pack/pack.js';
import { POSITION_WORDS, type FunnelPosition } from '../../domain/insight/funnel.js';
import { monthsBefore } from '../../domain/insight/practice-rates.js';
import { matchedFirstAttendances } from '../activity/matching.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { resolveCommissioner } from '../budgets/capitation.js';
import { notFound } from '../http/errors.js';
import { alerts, comparison, lastWholeMonth, type Comparison } from './comparison.js';
import { commissionerPractices, type PracticeRef } from './counts.js';
import { loadMeasures, measuresInForce } from './measures.js';

/** The measure a pack's referral figures use. */
export const REFERRAL_MEASURE = 'referrals_per_1000';
/** Change alerts are listed when their latest signal is in the pack's month or the two before it. */
export const ALERT_MONTHS = 3;

export class PackCancelled extends Error {
  constructor() { super('the feedback packs were cancelled'); }
}
const checkAborted = (signal?: AbortSignal) => { if (signal?.aborted) throw new PackCancelled(); };

// ── The pack ────────────────────────────────────────────────────────────────────────────────────

export interface RateFigure {
  tfc: string | null;
  name: string;
  observed: number;
  expected: number;
  /** standardised rate per 1,000 (the value compared) */
  rate: number | null;
  crudeRate: number | null;
  position: FunnelPosition;
  positionWords: string;
  peers: PeerSpread;
}

export interface TrendPoint { month: string; label: string; observed: number; rate: number | null; peerMedian: number | null; peerP10: number | null; peerP90: number | null }

export interface ActivityFigures {
  attendances: number;
  matched: number;
  matchedCostPence: number;
  unmatchedCostPence: number;
  /** all in-area activity of the month at tariff, by point of delivery */
  byPod: { pod: Pod; lines: number; costPence: number }[];
}

export interface BudgetFigures {
  yearBudgetPence: number;
  ytdBudgetPence: number;
  ytdSpendPence: number;
  variancePence: number;
  variancePercent: number | null;
  rag: string;
  forecastPence: number | null;
  forecastVariancePence: number | null;
}

export interface FeedbackPack {
  practice: { code: string; name: string; groupCode: string };
  month: string;
  monthLabel: string;
  generatedAt: string;
  peers: { practices: number; description: string };
  standsOut: string[];
  referrals: {
    measure: { code: string; name: string; per: number; standardised: boolean };
    method: string;
    total: RateFigure;
    bySpecialty: RateFigure[];
  };
  trend: TrendPoint[];
  triage: { total: number; outcomes: OutcomeShare[] };
  criteria: CriterionMissed[];
  activity: ActivityFigures & { matchRate: number | null; peerMatchRate: number | null; costPence: number };
  budget: { year: string; period: string | null; figures: BudgetFigures | null; note: string };
}

// ── Shared peer data ────────────────────────────────────────────────────────────────────────────

interface Own { observed: number; expected: number; rate: number | null; crudeRate: number | null; position: FunnelPosition }
interface Slice { byPractice: Map<string, Own>; peers: PeerSpread }

export interface PeerData {
  month: string;
  commissionerCode: string;
  practices: PracticeRef[];
  measure: FeedbackPack['referrals']['measure'];
  method: string;
  total: Slice;
  specialties: { tfc: string; slice: Slice }[];
  trend: { month: string; label: string; slice: Slice }[];
  positions: { measureName: string; direction: string; period: string; byPractice: Map<string, Own> }[];
  alerts: Map<string, ChangeAlert[]>;
  triage: { byPractice: Map<string, OutcomeCounts>; all: OutcomeCounts };
  criteria: { byPractice: Map<string, CriterionCount[]>; all: CriterionCount[] };
  activity: { byPractice: Map<string, ActivityFigures>; all: ActivityFigures };
  budget: { year: string; period: string | null; byPractice: Map<string, BudgetFigures>; published: boolean };
}

/** Only each named practice's own figures, and the spread of everyone's rates (practice users see other practices only as rates). */
function sliceOf(c: Comparison): Slice {
  const byPractice = new Map<string, Own>();
  for (const r of c.practices) {
    if (r.practiceCode !== null && r.observed !== null) {
      byPractice.set(r.practiceCode, { observed: r.observed, expected: r.expected, rate: r.rate, crudeRate: r.crudeRate, position: r.position });
    }
  }
  return { byPractice, peers: peerSpreadOf(c.practices.map((r) => r.rate)) };
}

/** London-time bounds of a month, as the insight counts use. */
const monthBounds = (month: string) => {
  const next = monthsBefore(month, -1);
  return { from: sql`(${`${month}-01`}::timestamp at time zone 'Europe/London')`, until: sql`(${`${next}-01`}::timestamp at time zone 'Europe/London')` };
};

/** Referrals received in the month by practice and where triage left them: the latest decision, or still awaiting one. */
async function triageOutcomes(db: Db, commissionerCode: string, month: string) {
  const { from, until } = monthBounds(month);
  const outcomes = sql.join(TRIAGE_OUTCOMES.map((o) => sql`${o}`));
  const rows = await sql<{ practice_code: string; outcome: TriageOutcome; referrals: number }>`
    select r.practice_code,
      coalesce(d.to_status, case when r.status in (${outcomes}) then r.status when r.status in ('booked', 'closed') then 'forwarded' else 'awaiting_triage' end) as outcome,
      count(*)::int as referrals
    from referral r join practice p on p.code = r.practice_code
    left join lateral (
      select e.to_status from referral_event e where e.referral_id = r.id and e.to_status in (${outcomes}) order by e.id desc limit 1
    ) d on true
    where p.commissioner_code = ${commissionerCode} and r.received_at >= ${from} and r.received_at < ${until}
    group by 1, 2`.execute(db);
  const byPractice = new Map<string, OutcomeCounts>();
  const all = noOutcomes();
  for (const r of rows.rows) {
    let counts = byPractice.get(r.practice_code);
    if (!counts) byPractice.set(r.practice_code, (counts = noOutcomes()));
    counts[r.outcome] += r.referrals;
    all[r.outcome] += r.referrals;
  }
  return { byPractice, all };
}

/** Each pathway criterion of the month's referrals: how often it was assessed and missed, by practice. */
async function criteriaCounts(db: Db, commissionerCode: string, month: string) {
  const { from, until } = monthBounds(month);
  const rows = await sql<{ practice_code: string; pathway_code: string; pathway_name: string; criterion_id: string; label: string; missed: number; assessed: number }>`
    select r.practice_code, r.pathway_code, coalesce(max(pw.name), r.pathway_code) as pathway_name, c->>'id' as criterion_id, max(c->>'label') as label,
      (count(*) filter (where c->>'met' = 'false'))::int as missed, count(*)::int as assessed
    from referral r join practice p on p.code = r.practice_code
    left join pathway pw on pw.code = r.pathway_code
    cross join lateral jsonb_array_elements(r.pathway_check) c
    where p.commissioner_code = ${commissionerCode} and r.received_at >= ${from} and r.received_at < ${until} and r.pathway_code is not null
    group by r.practice_code, r.pathway_code, c->>'id'`.execute(db);
  const byPractice = new Map<string, CriterionCount[]>();
  const all: CriterionCount[] = [];
  for (const r of rows.rows) {
    const c = { pathwayCode: r.pathway_code, pathwayName: r.pathway_name, criterionId: r.criterion_id, label: r.label, missed: r.missed, assessed: r.assessed };
    all.push(c);
    byPractice.set(r.practice_code, [...(byPractice.get(r.practice_code) ?? []), c]);
  }
  return { byPractice, all };
}

const noActivity = (): ActivityFigures => ({ attendances: 0, matched: 0, matchedCostPence: 0, unmatchedCostPence: 0, byPod: [] });

/**
 * First outpatient attendances of the month matched to gateway referrals (activity/matching.ts's
 * matchedFirstAttendances, the one statement of the matching rules), with their cost at tariff;
 * and all in-area activity of the month at tariff, from the monthly summary.
 */
async function activityFigures(db: Db, commissionerCode: string, month: string) {
  const { year, month: m } = financialMonthOf(`${month}-01`);
  const [matched, cost] = await Promise.all([
    sql<{ practice_code: string; attendances: number; matched: number; matched_cost: number; unmatched_cost: number }>`
      with m as (${matchedFirstAttendances(sql`a.year = ${year} and a.month = ${m} and a.in_area
        and a.practice_code in (select code from practice where commissioner_code = ${commissionerCode})`)})
      select m.practice_code, count(*)::int as attendances, count(m.referral_id)::int as matched,
        coalesce(sum(m.tariff_price_pence) filter (where m.referral_id is not null), 0)::bigint as matched_cost,
        coalesce(sum(m.tariff_price_pence) filter (where m.referral_id is null), 0)::bigint as unmatched_cost
      from m group by m.practice_code`.execute(db),
    db.selectFrom('activity_month_summary as s').innerJoin('practice as p', 'p.code', 's.practice_code')
      .select(['s.practice_code', 's.pod', sql<number>`sum(s.lines)::int`.as('lines'), sql<number>`sum(s.cost_pence)::bigint`.as('cost')])
      .where('p.commissioner_code', '=', commissionerCode).where('s.in_area', '=', true).where('s.year', '=', year).where('s.month', '=', m)
      .groupBy(['s.practice_code', 's.pod']).orderBy('s.pod').execute(),
  ]);
  const byPractice = new Map<string, ActivityFigures>();
  const all = noActivity();
  const of = (code: string) => {
    let f = byPractice.get(code);
    if (!f) byPractice.set(code, (f = noActivity()));
    return f;
  };
  for (const r of matched.rows) {
    const f = of(r.practice_code);
    f.attendances = r.attendances; f.matched = r.matched; f.matchedCostPence = Number(r.matched_cost); f.unmatchedCostPence = Number(r.unmatched_cost);
    all.attendances += r.attendances; all.matched += r.matched; all.matchedCostPence += Number(r.matched_cost); all.unmatchedCostPence += Number(r.unmatched_cost);
  }
  for (const r of cost) of(r.practice_code).byPod.push({ pod: r.pod, lines: r.lines, costPence: Number(r.cost) });
  return { byPractice, all };
}

async function budgetFigures(db: Db, month: string): Promise<PeerData['budget']> {
  const { year, month: m } = financialMonthOf(`${month}-01`);
  const report = await budgetMonitoring(db, { year, throughMonth: m });
  const byPractice = new Map<string, BudgetFigures>();
  for (const p of report.practices) {
    byPractice.set(p.practiceCode, {
      yearBudgetPence: p.yearBudgetPence, ytdBudgetPence: p.ytdBudgetPence, ytdSpendPence: p.ytdSpendPence,
      variancePence: p.variancePence, variancePercent: p.variancePercent, rag: p.rag,
      forecastPence: p.forecast.straightLinePence, forecastVariancePence: p.forecastVariance.straightLinePence,
    });
  }
  return { year, period: report.period, byPractice, published: report.serviceLines.length > 0 };
}

/** The month's specialties with any referral from the commissioner's practices. */
async function monthSpecialties(db: Db, commissionerCode: string, month: string): Promise<string[]> {
  const { from, until } = monthBounds(month);
  const rows = await sql<{ tfc: string }>`
    select distinct r.tfc from referral r join practice p on p.code = r.practice_code
    where p.commissioner_code = ${commissionerCode} and r.received_at >= ${from} and r.received_at < ${until} order by r.tfc`.execute(db);
  return rows.rows.map((r) => r.tfc);
}

/**
 * Everything the packs of `month` compare against, for every practice of the commissioner, once.
 * `actor` decides what comparison.ts returns: a practice user gets only its own practice's figures
 * (and everyone's rates for the spreads).
 */
export async function assemblePeerData(db: Db, actor: Actor, month: string, signal?: AbortSignal): Promise<PeerData> {
  const commissionerCode = actor.role === 'practice'
    ? (await db.selectFrom('practice').select('commissioner_code').where('code', '=', actor.practiceCode!).executeTakeFirstOrThrow()).commissioner_code
    : (await resolveCommissioner(db)).code;
  const practices = await commissionerPractices(db, commissionerCode);
  const year12 = { from: monthsBefore(month, 11), to: month };

  const total = await comparison(db, actor, { measure: REFERRAL_MEASURE, from: month, to: month });
  const measure = { code: total.measure.code, name: total.measure.name, per: total.measure.per, standardised: total.measure.standardisation !== 'none' };
  const specialties: PeerData['specialties'] = [];
  for (const tfc of await monthSpecialties(db, commissionerCode, month)) {
    checkAborted(signal);
    specialties.push({ tfc, slice: sliceOf(await comparison(db, actor, { measure: REFERRAL_MEASURE, from: month, to: month, tfc })) });
  }
  const trend: PeerData['trend'] = [];
  for (let back = 11; back >= 0; back -= 1) {
    checkAborted(signal);
    const m = monthsBefore(month, back);
    const { year, month: fm } = financialMonthOf(`${m}-01`);
    trend.push({ month: m, label: monthLabel(year, fm), slice: back === 0 ? sliceOf(total) : sliceOf(await comparison(db, actor, { measure: REFERRAL_MEASURE, from: m, to: m })) });
  }
  const positions: PeerData['positions'] = [];
  const period = `the 12 months to ${longMonth(month)}`;
  for (const m of measuresInForce(await loadMeasures(db), `${month}-01`)) {
    checkAborted(signal);
    const c = await comparison(db, actor, { measure: m.code, ...year12 });
    positions.push({ measureName: m.name, direction: m.direction, period, byPractice: sliceOf(c).byPractice });
  }
  checkAborted(signal);
  const raised = await alerts(db, actor, { months: 12, to: month });
  const recent = new Set(Array.from({ length: ALERT_MONTHS }, (_, i) => monthsBefore(month, i)));
  const alertsByPractice = new Map<string, ChangeAlert[]>();
  for (const a of raised.alerts) {
    if (a.practiceCode === null || a.suppressed || a.signal === null || !recent.has(a.month)) continue;
    alertsByPractice.set(a.practiceCode, [...(alertsByPractice.get(a.practiceCode) ?? []), { message: a.message, monthLabel: a.monthLabel }]);
  }
  checkAborted(signal);
  const [triage, criteria, activity, budget] = await Promise.all([
    triageOutcomes(db, commissionerCode, month), criteriaCounts(db, commissionerCode, month),
    activityFigures(db, commissionerCode, month), budgetFigures(db, month),
  ]);
  return {
    month, commissionerCode, practices, measure, method: total.method, total: sliceOf(total), specialties, trend, positions,
    alerts: alertsByPractice, triage, criteria, activity, budget,
  };
}

// ── One practice's pack ─────────────────────────────────────────────────────────────────────────

const noFigure: Own = { observed: 0, expected: 0, rate: null, crudeRate: null, position: 'not assessable' };

function figure(slice: Slice, code: string, tfc: string | null, name: string): RateFigure {
  const own = slice.byPractice.get(code) ?? noFigure;
  return { tfc, name, ...own, positionWords: POSITION_WORDS[own.position], peers: slice.peers };
}

/** One practice's pack from the shared data. */
export function packFor(data: PeerData, practice: PracticeRef, generatedAt = new Date()): FeedbackPack {
  const code = practice.code;
  const specialties = data.specialties.map((s) => figure(s.slice, code, s.tfc, treatmentFunctionName(s.tfc)))
    .sort((a, b) => b.observed - a.observed || (b.peers.median ?? 0) - (a.peers.median ?? 0) || a.tfc!.localeCompare(b.tfc!));
  const positions: MeasurePosition[] = data.positions.flatMap((p) => {
    const own = p.byPractice.get(code);
    return own ? [{ measureName: p.measureName, period: p.period, position: own.position, observed: own.observed, expected: own.expected, direction: p.direction }] : [];
  });
  const triage = data.triage.byPractice.get(code) ?? noOutcomes();
  const activity = data.activity.byPractice.get(code) ?? noActivity();
  const budget = data.budget.byPractice.get(code) ?? null;
  const n = data.practices.length;
  return {
    practice: { code, name: practice.name, groupCode: practice.groupCode },
    month: data.month, monthLabel: longMonth(data.month), generatedAt: generatedAt.toISOString(),
    peers: { practices: n, description: `All ${n.toLocaleString('en-GB')} practices of the commissioner, this one included, shown only as a median and a range (10th to 90th percentile, and lowest to highest).` },
    standsOut: standsOut(positions, data.alerts.get(code) ?? []),
    referrals: { measure: data.measure, method: data.method, total: figure(data.total, code, null, 'All specialties'), bySpecialty: specialties },
    trend: data.trend.map((t) => {
      const own = t.slice.byPractice.get(code) ?? noFigure;
      return { month: t.month, label: t.label, observed: own.observed, rate: own.rate, peerMedian: t.slice.peers.median, peerP10: t.slice.peers.p10, peerP90: t.slice.peers.p90 };
    }),
    triage: { total: TRIAGE_OUTCOMES.reduce((a, o) => a + triage[o], 0), outcomes: outcomeShares(triage, data.triage.all) },
    criteria: criteriaMostMissed(data.criteria.byPractice.get(code) ?? [], data.criteria.all),
    activity: {
      ...activity,
      matchRate: activity.attendances ? activity.matched / activity.attendances : null,
      peerMatchRate: data.activity.all.attendances ? data.activity.all.matched / data.activity.all.attendances : null,
      costPence: activity.byPod.reduce((a, p) => a + p.costPence, 0),
    },
    budget: {
      year: data.budget.year, period: data.budget.period, figures: budget,
      note: budget ? `Year to date: ${data.budget.period ?? 'no months yet'}. Forecast outturn by straight line from the year to date.`
        : data.budget.published ? `The practice has no budget or spend on record in ${data.budget.year}.` : `No budget has been published for ${data.budget.year}.`,
    },
  };
}

/** The month asked for, or the last whole month. */
export const packMonth = (month?: string) => month ?? lastWholeMonth();

/** One practice's pack, worked out now (the page). The caller has checked the actor may see it. */
export async function feedbackPack(db: Db, actor: Actor, practiceCode: string, month: string): Promise<FeedbackPack> {
  const practice = await db.selectFrom('practice').select(['code', 'name', 'group_code']).where('code', '=', practiceCode).executeTakeFirst();
  if (!practice) throw notFound(`The practice ${practiceCode}`);
  const data = await assemblePeerData(db, actor, month);
  const ref = data.practices.find((p) => p.code === practiceCode);
  if (!ref) throw notFound(`The practice ${practiceCode}`);
  return packFor(data, ref);
}
