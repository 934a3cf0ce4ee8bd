/**
 * Dashboards (INFO-1) for a practice, a group and the commissioner: one tile each for the budget
 * position, activity against plan, referrals and triage, challenges, plan milestones and (group
 * and commissioner) change alerts. Each tile's figures come from the service that owns them
 * (budgetMonitoring, contractMonitoring / activityCost, challengeTotals, listMilestones, alerts),
 * gathered in parallel; the words and status are ../../domain/insight-dashboard/tiles.ts.
 *
 * A tile appears only when the caller may see what it summarises (budget.view, activity.view,
 * plan.read, …), so a reviewer's dashboard has referrals and alerts but no money. Two small
 * queries live here because no service answers them: referral counts for a level (the worklists
 * count a user's own lists), and open challenges of a group (challengeTotals filters by practice).
 */
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { financialMonthOf, financialYearStarting, monthLabel, startYearOf } from '../../domain/activity/financial-year.js';
import { addDays } from '../../domain/calendar/working-days.js';
import {
  activityWords, alertWords, budgetWords, calendarMonth, challengeWords, contractWords, milestoneWords, outcomeShares, referralWords, summariseMilestones,
  TILE_STATUS_LABELS, TRIAGE_OUTCOMES, type OutcomeShare, type TileStatus, type TileWords, type TriageOutcome,
} from '../../domain/insight-dashboard/tiles.js';
import { GATEWAY_ACTOR } from '../../domain/insight-reviewer/evidence.js';
import { activityCost, contractMonitoring, latestActivityMonth, totalOf } from '../activity/monitoring.js';
import { challengeTotals } from '../activity/challenges.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { resolveCommissioner } from '../budgets/capitation.js';
import { notFound } from '../http/errors.js';
import { listMilestones, londonToday, type MilestoneView } from '../plans/milestones.js';
import { alerts } from './comparison.js';

export const DASHBOARD_LEVELS = ['practice', 'group', 'commissioner'] as const;
export type DashboardLevel = (typeof DASHBOARD_LEVELS)[number];

export const TILE_KEYS = ['budget', 'activity', 'referrals', 'challenges', 'milestones', 'alerts'] as const;
export type TileKey = (typeof TILE_KEYS)[number];

/** A point of a tile's small chart: a label and one or two values (e.g. budget and spend). */
export interface ChartPoint { label: string; value: number; compare: number | null }

export interface Tile extends TileWords {
  key: TileKey;
  title: string;
  statusLabel: string;
  /** the figures behind the headline, as label and text, for the tile's list */
  figures: { label: string; value: string }[];
  chart: { kind: 'money' | 'count'; valueLabel: string; compareLabel: string | null; points: ChartPoint[] } | null;
  link: { href: string; text: string };
}

export interface Dashboard {
  level: DashboardLevel;
  code: string;
  name: string;
  /** the group a practice belongs to, for a link up */
  parent: { level: DashboardLevel; code: string; name: string } | null;
  year: string;
  today: string;
  tiles: Tile[];
}

export interface Subject { level: DashboardLevel; code: string; name: string; practices: string[]; parent: Dashboard['parent'] }

/** The practice, group or commissioner asked for, with its practices; 404 when there is none. */
export async function dashboardSubject(db: Db, level: DashboardLevel, code?: string): Promise<Subject> {
  if (level === 'practice') {
    const p = await db.selectFrom('practice as p').innerJoin('org_group as g', 'g.code', 'p.group_code')
      .select(['p.code', 'p.name', 'p.group_code', 'g.name as group_name']).where('p.code', '=', code ?? '').executeTakeFirst();
    if (!p) throw notFound(`The practice ${code}`);
    return { level, code: p.code, name: p.name, practices: [p.code], parent: { level: 'group', code: p.group_code, name: p.group_name } };
  }
  if (level === 'group') {
    const g = await db.selectFrom('org_group').select(['code', 'name', 'commissioner_code']).where('code', '=', code ?? '').executeTakeFirst();
    if (!g) throw notFound(`The group ${code}`);
    const [practices, commissioner] = await Promise.all([
      db.selectFrom('practice').select('code').where('group_code', '=', g.code).orderBy('code').execute(),
      db.selectFrom('commissioner').select(['code', 'name']).where('code', '=', g.commissioner_code).executeTakeFirstOrThrow(),
    ]);
    return { level, code: g.code, name: g.name, practices: practices.map((p) => p.code), parent: { level: 'commissioner', code: commissioner.code, name: commissioner.name } };
  }
  const c = await resolveCommissioner(db, code);
  const practices = await db.selectFrom('practice').select('code').where('commissioner_code', '=', c.code).orderBy('code').execute();
  return { level, code: c.code, name: c.name, practices: practices.map((p) => p.code), parent: null };
}

const tile = (key: TileKey, title: string, words: TileWords, rest: Pick<Tile, 'figures' | 'chart' | 'link'>): Tile =>
  ({ key, title, ...words, statusLabel: TILE_STATUS_LABELS[words.status], ...rest });

const pounds = (pence: number | null) => (pence === null ? 'not yet' : `£${Math.round(pence / 100).toLocaleString('en-GB')}`);
const filterOf = (s: Subject) => (s.level === 'practice' ? { practice: [s.code] } : s.level === 'group' ? { group: [s.code] } : {});

async function budgetTile(db: Db, s: Subject, year: string): Promise<Tile> {
  const report = await budgetMonitoring(db, { year, ...(s.level === 'practice' ? { practices: [s.code] } : s.level === 'group' ? { groups: [s.code] } : {}) });
  const series = s.level === 'practice' ? report.practices[0] : s.level === 'group' ? report.groups.find((g) => g.groupCode === s.code) : report.total;
  const b = series ?? { ytdBudgetPence: 0, ytdSpendPence: 0, yearBudgetPence: 0, variancePercent: null, rag: 'green' as const, forecast: { seasonalPence: null, straightLinePence: null }, budgetByMonth: [], spendByMonth: [] };
  const forecast = b.forecast.seasonalPence ?? b.forecast.straightLinePence;
  const words = budgetWords({ planPence: b.ytdBudgetPence, actualPence: b.ytdSpendPence, yearPlanPence: b.yearBudgetPence, forecastPence: forecast, variancePercent: b.variancePercent, rag: b.rag, period: report.period });
  // The monitoring page filters by group (a practice user is narrowed to its own practice there).
  const query = s.level === 'group' ? `&group=${encodeURIComponent(s.code)}` : '';
  return tile('budget', 'Budget position', words, {
    figures: [
      { label: 'Budget for the year', value: pounds(b.yearBudgetPence) },
      { label: 'Budget to date', value: pounds(b.ytdBudgetPence) },
      { label: 'Spend to date', value: pounds(b.ytdSpendPence) },
      { label: 'Forecast outturn', value: pounds(forecast) },
    ],
    chart: report.monthsElapsed > 0 ? {
      kind: 'money', valueLabel: 'Spend', compareLabel: 'Budget',
      points: report.months.slice(0, report.monthsElapsed).map((m, i) => ({ label: m.label, value: b.spendByMonth[i] ?? 0, compare: b.budgetByMonth[i] ?? 0 })),
    } : null,
    link: { href: `/budgets/monitoring?year=${encodeURIComponent(year)}${query}`, text: 'Budget monitoring' },
  });
}

async function activityTile(db: Db, s: Subject, year: string): Promise<Tile> {
  if (s.level === 'commissioner') {
    const report = await contractMonitoring(db, { year });
    const t = report.total;
    const forecast = t.forecast.seasonalPence ?? t.forecast.straightLinePence;
    const words = contractWords({ planPence: t.ytdPlanPence, actualPence: t.ytdActualPence, yearPlanPence: t.yearPlanPence, forecastPence: forecast, variancePercent: t.variancePercent, rag: t.rag, period: report.period });
    return tile('activity', 'Activity against plan', words, {
      figures: [
        { label: 'Contract plan for the year', value: pounds(t.yearPlanPence) },
        { label: 'Plan to date', value: pounds(t.ytdPlanPence) },
        { label: 'Activity to date', value: pounds(t.ytdActualPence) },
        { label: 'Forecast outturn', value: pounds(forecast) },
        { label: 'Providers over plan (red)', value: String(report.providers.filter((p) => p.rag === 'red').length) },
      ],
      chart: report.providers.length ? {
        kind: 'money', valueLabel: 'Activity to date', compareLabel: 'Plan to date',
        points: report.providers.map((p) => ({ label: p.providerName, value: p.ytdActualPence, compare: p.ytdPlanPence })),
      } : null,
      link: { href: `/contracts?year=${encodeURIComponent(year)}`, text: 'Contracts and monitoring' },
    });
  }
  // Contracts are the commissioner's; a practice's or group's activity is set against last year's.
  const months = await latestActivityMonth(db, year);
  const lastYear = financialYearStarting(startYearOf(year) - 1);
  const [now, before] = months > 0
    ? await Promise.all([
      activityCost(db, { year, throughMonth: months, ...filterOf(s) }, ['month']),
      activityCost(db, { year: lastYear, throughMonth: months, ...filterOf(s) }, ['month']),
    ])
    : [[], []];
  const total = totalOf(now);
  const lastTotal = totalOf(before);
  const period = months === 0 ? null : months === 1 ? monthLabel(year, 1) : `${monthLabel(year, 1)} to ${monthLabel(year, months)}`;
  const byMonth = (rows: typeof now, m: number) => rows.filter((r) => r.month === m).reduce((a, r) => a + r.costPence, 0);
  const query = s.level === 'practice' ? `&practice=${s.code}` : `&group=${s.code}`;
  return tile('activity', 'Hospital activity', activityWords({ ytdCostPence: total.costPence, lastYearCostPence: lastTotal.costPence, ytdLines: total.lines, period }), {
    figures: [
      { label: 'Activity lines to date', value: total.lines.toLocaleString('en-GB') },
      { label: 'Cost at tariff to date', value: pounds(total.costPence) },
      { label: `Same months of ${lastYear}`, value: pounds(lastTotal.costPence) },
    ],
    chart: months > 0 ? {
      kind: 'money', valueLabel: year, compareLabel: lastYear,
      points: Array.from({ length: months }, (_, i) => ({ label: monthLabel(year, i + 1), value: byMonth(now, i + 1), compare: byMonth(before, i + 1) })),
    } : null,
    link: { href: `/activity?year=${encodeURIComponent(year)}${query}`, text: 'Activity and cost' },
  });
}

/** Under triage: what a reviewer still has to decide (as the worklists define it). */
const UNDER_TRIAGE = ['awaiting_triage', 'info_requested', 'discussed_with_gp'];
const OUTCOME_ACTION: Record<string, TriageOutcome> = { forward: 'forwarded', divert: 'diverted', return_with_advice: 'returned_with_advice' };

export interface ReferralFigures { receivedThisMonth: number; monthLabel: string; awaitingTriage: number; overdue: number; outcomes: OutcomeShare[] }

/** Referral counts for the practices: received this calendar month, under triage, overdue, and the last 30 days' outcomes. */
export async function referralFigures(db: Db, practices: readonly string[] | null, today: string): Promise<ReferralFigures> {
  const month = calendarMonth(today.slice(0, 7))!;
  const since = new Date(`${addDays(today, -30)}T00:00:00Z`);
  // An empty list of practices matches nothing (never everything).
  const list = practices === null ? null : practices.length ? [...practices] : [''];
  const [counts, outcomes] = await Promise.all([
    db.selectFrom('referral as r').$if(list !== null, (q) => q.where('r.practice_code', 'in', list!)).select((eb) => [
      eb.fn.countAll<number>().filterWhere('r.received_at', '>=', new Date(`${month.from}T00:00:00Z`)).as('received'),
      eb.fn.countAll<number>().filterWhere('r.status', 'in', UNDER_TRIAGE).as('awaiting'),
      eb.fn.countAll<number>().filterWhere((e) => e.and([e('r.status', '=', 'awaiting_triage'), e('r.triage_due', '<', today)])).as('overdue'),
    ]).executeTakeFirstOrThrow(),
    db.selectFrom('referral_event as e').innerJoin('referral as r', 'r.id', 'e.referral_id').$if(list !== null, (q) => q.where('r.practice_code', 'in', list!))
      .where('e.action', 'in', Object.keys(OUTCOME_ACTION)).where('e.actor', '<>', GATEWAY_ACTOR).where('e.at', '>=', since)
      .select(['e.action', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('e.action').execute(),
  ]);
  const byOutcome = Object.fromEntries(TRIAGE_OUTCOMES.map((o) => [o, 0])) as Record<TriageOutcome, number>;
  for (const o of outcomes) byOutcome[OUTCOME_ACTION[o.action]!] += Number(o.n);
  return { receivedThisMonth: Number(counts.received), monthLabel: month.label, awaitingTriage: Number(counts.awaiting), overdue: Number(counts.overdue), outcomes: outcomeShares(byOutcome) };
}

async function referralTile(db: Db, s: Subject, user: AuthenticatedUser, today: string): Promise<Tile> {
  const f = await referralFigures(db, s.level === 'commissioner' ? null : s.practices, today);
  const link = user.role === 'practice' ? { href: '/referrals', text: 'Our referrals' }
    : can(user, 'referral.triage') || can(user, 'referral.book') ? { href: '/worklists', text: 'Worklists' }
      : { href: `/insight/compare?measure=referrals_per_1000${s.level === 'group' ? `&group=${s.code}` : s.level === 'practice' ? `&practice=${s.code}` : ''}`, text: 'Referral rates compared' };
  return tile('referrals', 'Referrals and triage', referralWords(f), {
    figures: [
      { label: `Received in ${f.monthLabel}`, value: f.receivedThisMonth.toLocaleString('en-GB') },
      { label: 'Awaiting triage', value: f.awaitingTriage.toLocaleString('en-GB') },
      { label: 'Overdue for triage', value: f.overdue.toLocaleString('en-GB') },
      ...f.outcomes.map((o) => ({ label: `${o.label} (last 30 days)`, value: `${o.count.toLocaleString('en-GB')} (${o.percent}%)` })),
    ],
    chart: f.outcomes.some((o) => o.count > 0) ? { kind: 'count', valueLabel: 'Decisions, last 30 days', compareLabel: null, points: f.outcomes.map((o) => ({ label: o.label, value: o.count, compare: null })) } : null,
    link,
  });
}

async function challengeTile(db: Db, s: Subject): Promise<Tile> {
  let open: number;
  let value: number;
  if (s.level === 'group') {
    const row = await db.selectFrom('challenge as c').innerJoin('practice as p', 'p.code', 'c.practice_code')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('c.value_pence').as('v')])
      .where('c.status', '=', 'open').where('p.group_code', '=', s.code).executeTakeFirstOrThrow();
    [open, value] = [Number(row.n), Number(row.v ?? 0)];
  } else {
    const totals = await challengeTotals(db, { status: 'open', practiceCode: s.level === 'practice' ? s.code : null });
    [open, value] = [totals.reduce((a, t) => a + t.count, 0), totals.reduce((a, t) => a + t.valuePence, 0)];
  }
  return tile('challenges', 'Challenges to providers', challengeWords({ open, valuePence: value }), {
    figures: [{ label: 'Open challenges', value: open.toLocaleString('en-GB') }, { label: 'Their value', value: pounds(value) }],
    chart: null,
    link: { href: '/challenges?status=open', text: 'Challenges' },
  });
}

/** The plans whose milestones a level shows: the group's (a practice: its group's), or all; of the year. */
export async function plansOf(db: Db, groupCode: string | null, year: string) {
  const rows = await db.selectFrom('plan').innerJoin('org_group', 'org_group.code', 'plan.group_code')
    .select(['plan.id', 'plan.group_code', 'org_group.name as group_name', 'plan.year', 'plan.status', 'plan.version', 'plan.title'])
    .where('plan.year', '=', year).$if(groupCode !== null, (q) => q.where('plan.group_code', '=', groupCode!)).orderBy('org_group.name').execute();
  return rows.map((r) => ({ id: r.id, groupCode: r.group_code, groupName: r.group_name, year: r.year, status: r.status, version: r.version, title: r.title }));
}

export async function milestonesOf(db: Db, plans: Awaited<ReturnType<typeof plansOf>>, today: string): Promise<(MilestoneView & { planTitle: string; groupName: string })[]> {
  const lists = await Promise.all(plans.map((p) => listMilestones(db, p, today)));
  return lists.flatMap((l, i) => l.milestones.map((m) => ({ ...m, planTitle: plans[i]!.title, groupName: plans[i]!.groupName })));
}

async function milestoneTile(db: Db, s: Subject, year: string, today: string): Promise<Tile> {
  const plans = await plansOf(db, s.level === 'commissioner' ? null : s.level === 'group' ? s.code : s.parent!.code, year);
  const milestones = await milestonesOf(db, plans, today);
  const summary = summariseMilestones(milestones, today);
  const overdue = milestones.filter((m) => m.overdue).slice(0, 3);
  return tile('milestones', 'Plan milestones', milestoneWords(summary), {
    figures: [
      { label: 'Overdue', value: String(summary.overdue) },
      { label: 'Due in the next 30 days', value: String(summary.dueSoon) },
      { label: 'Delivered', value: `${summary.delivered} of ${summary.total}` },
      ...overdue.map((m) => ({ label: `Overdue since ${m.dueOn}`, value: m.deliverable })),
    ],
    chart: null,
    link: plans.length === 1 ? { href: `/plans/${plans[0]!.id}/milestones`, text: 'Milestones' } : { href: `/plans?year=${encodeURIComponent(year)}`, text: 'Plans and their milestones' },
  });
}

const ALERT_MONTHS = 12;

async function alertTile(db: Db, s: Subject, user: AuthenticatedUser): Promise<Tile> {
  const found = await alerts(db, user, { months: ALERT_MONTHS, ...(s.level === 'group' ? { group: s.code } : {}) });
  const raised = found.alerts.filter((a) => !a.suppressed).length;
  const suppressed = found.alerts.length - raised;
  return tile('alerts', 'Change alerts', alertWords({ raised, suppressed, months: ALERT_MONTHS }), {
    figures: [{ label: 'Alerts raised', value: String(raised) }, { label: 'Too small to judge', value: String(suppressed) }],
    chart: null,
    link: { href: `/insight/alerts${s.level === 'group' ? `?group=${s.code}` : ''}`, text: 'Change alerts' },
  });
}

/** The current financial year (England) of a day. */
export const yearOf = (today: string) => financialMonthOf(today).year;

/** A level's dashboard, with the tiles the caller may see, gathered at once. The caller is authorised for the subject already. */
export async function dashboard(db: Db, user: AuthenticatedUser, subject: Subject, options: { year?: string; now?: Date } = {}): Promise<Dashboard> {
  const today = londonToday(options.now);
  const year = options.year ?? yearOf(today);
  const jobs: Promise<Tile>[] = [];
  if (can(user, 'budget.view')) jobs.push(budgetTile(db, subject, year));
  if (subject.level === 'commissioner' ? can(user, 'contract.read') : can(user, 'activity.view')) jobs.push(activityTile(db, subject, year));
  jobs.push(referralTile(db, subject, user, today));
  if (can(user, 'activity.view')) jobs.push(challengeTile(db, subject));
  if (can(user, 'plan.read')) jobs.push(milestoneTile(db, subject, year, today));
  if (subject.level !== 'practice') jobs.push(alertTile(db, subject, user));
  const tiles = await Promise.all(jobs);
  return { level: subject.level, code: subject.code, name: subject.name, parent: subject.parent, year, today, tiles };
}

export type { TileStatus };
