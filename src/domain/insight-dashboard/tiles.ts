/**
 * Dashboards and the board pack (INFO-1, INFO-2): how each tile's figures become a status and the
 * words that say it, so no one has to read a colour. Pure: the server gathers the figures (through
 * the budgets, activity, referrals, plans and insight services) and passes "today" in.
 *
 * Status rules:
 * - money against plan (budgets, contracts): the monitoring RAG as it comes (green within ±2%,
 *   amber within ±5%, red beyond: ../activity/monitoring.ts), in words;
 * - referrals: red when more than a tenth of the referrals awaiting triage are overdue, amber when
 *   any is, green when none is;
 * - milestones: red when any is overdue (due before today and not delivered), amber when any falls
 *   due in the next 30 days and is not delivered, green otherwise;
 * - challenges and alerts are for information: they ask for a look, not a judgement.
 */
import { formatPence } from '../activity/money.js';
import type { Rag } from '../activity/monitoring.js';
import { addDays } from '../calendar/working-days.js';
import { isOverdue, type MilestoneStatus } from '../plans/milestones.js';
import { wholePercents } from '../insight-reviewer/statistics.js';

export const TILE_STATUSES = ['green', 'amber', 'red', 'neutral'] as const;
export type TileStatus = (typeof TILE_STATUSES)[number];

/** What a status means, said in words beside the colour. */
export const TILE_STATUS_LABELS: Record<TileStatus, string> = {
  green: 'On track',
  amber: 'Watch',
  red: 'Needs attention',
  neutral: 'For information',
};

export interface TileWords { status: TileStatus; headline: string; sentence: string }

/** How many days ahead a milestone counts as "due soon". */
export const DUE_SOON_DAYS = 30;

const counts = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export const formatCount = (n: number) => counts.format(n);
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Whole pounds for headlines (half a pound away from zero); the detail pages show pence. */
export function wholePounds(pence: number): string {
  const pounds = Math.sign(pence) * Math.round(Math.abs(pence) / 100);
  return `${pounds < 0 ? '-' : ''}£${counts.format(Math.abs(pounds))}`;
}

export interface AgainstPlan {
  /** year to date */
  planPence: number;
  actualPence: number;
  yearPlanPence: number;
  /** forecast outturn (seasonal where known, else straight line); null before any month */
  forecastPence: number | null;
  variancePercent: number | null;
  rag: Rag;
  /** "Apr 2026 to Sep 2026", or null when no month has elapsed */
  period: string | null;
}

/** "Spent £1.2m against £1.1m budgeted to date: 3.1% over budget." and RAG. */
export function budgetWords(b: AgainstPlan): TileWords {
  if (b.yearPlanPence === 0 && b.actualPence === 0) {
    return { status: 'neutral', headline: 'No budget', sentence: 'No budget is published for this year yet, and there is no spend on record.' };
  }
  if (!b.period) {
    return { status: 'neutral', headline: wholePounds(b.yearPlanPence), sentence: `Budget for the year ${wholePounds(b.yearPlanPence)}; no spend is in yet.` };
  }
  const against = `${wholePounds(b.actualPence)} spent against ${wholePounds(b.planPence)} budgeted (${b.period})`;
  const forecast = b.forecastPence === null ? '' : ` Forecast outturn ${wholePounds(b.forecastPence)} against a budget of ${wholePounds(b.yearPlanPence)}.`;
  return { status: b.rag, headline: wholePounds(b.actualPence), sentence: `${against}: ${varianceWords(b, 'budget')}.${forecast}` };
}

/** "3.1% over plan", "on plan", "2.0% under plan". */
export function varianceWords(b: Pick<AgainstPlan, 'planPence' | 'actualPence' | 'variancePercent'>, what: 'budget' | 'plan'): string {
  if (b.variancePercent === null) return b.actualPence === 0 ? `nothing ${what === 'budget' ? 'budgeted' : 'planned'} and nothing spent` : `none of it ${what === 'budget' ? 'budgeted' : 'planned'}`;
  if (b.actualPence === b.planPence) return `on ${what}`;
  const gap = formatPence(Math.abs(b.actualPence - b.planPence)).replace(/\.\d\d$/, '');
  return `${gap} (${Math.abs(b.variancePercent).toFixed(1)}%) ${b.actualPence > b.planPence ? 'over' : 'under'} ${what}`;
}

/** The contract plan against activity, for the commissioner. */
export function contractWords(a: AgainstPlan): TileWords {
  if (a.yearPlanPence === 0 && a.actualPence === 0) {
    return { status: 'neutral', headline: 'No contracts', sentence: 'No contract plan is recorded for this year, and there is no activity on record.' };
  }
  if (!a.period) return { status: 'neutral', headline: wholePounds(a.yearPlanPence), sentence: `Contracts plan ${wholePounds(a.yearPlanPence)} for the year; no activity is in yet.` };
  const forecast = a.forecastPence === null ? '' : ` Forecast outturn ${wholePounds(a.forecastPence)} against a plan of ${wholePounds(a.yearPlanPence)}.`;
  return {
    status: a.rag,
    headline: wholePounds(a.actualPence),
    sentence: `${wholePounds(a.actualPence)} of activity against ${wholePounds(a.planPence)} planned (${a.period}): ${varianceWords(a, 'plan')}.${forecast}`,
  };
}

/**
 * A practice's or group's activity: contracts are planned for the commissioner, not per practice,
 * so this year to date is set against the same months of last year.
 */
export function activityWords(a: { ytdCostPence: number; lastYearCostPence: number; ytdLines: number; period: string | null }): TileWords {
  if (!a.period) return { status: 'neutral', headline: 'No activity', sentence: 'No hospital activity is on record for this year yet.' };
  const change = a.lastYearCostPence === 0 ? null : Math.round(((a.ytdCostPence - a.lastYearCostPence) * 1000) / a.lastYearCostPence) / 10;
  const compared = change === null
    ? 'There is no activity for the same months last year to compare with.'
    : change === 0 ? 'The same as the same months last year.' : `${Math.abs(change).toFixed(1)}% ${change > 0 ? 'more' : 'less'} than the same months last year (${wholePounds(a.lastYearCostPence)}).`;
  return { status: 'neutral', headline: wholePounds(a.ytdCostPence), sentence: `${plural(a.ytdLines, 'hospital activity line')} costing ${wholePounds(a.ytdCostPence)} at tariff (${a.period}). ${compared}` };
}

export const TRIAGE_OUTCOMES = ['forwarded', 'diverted', 'returned_with_advice'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];
export const TRIAGE_OUTCOME_LABELS: Record<TriageOutcome, string> = { forwarded: 'Forwarded to provider', diverted: 'Diverted to community service', returned_with_advice: 'Returned with advice' };

export interface OutcomeShare { outcome: TriageOutcome; label: string; count: number; percent: number }

/** Each outcome's whole percentage of all of them, adding up to 100 (0s when there are none). */
export function outcomeShares(byOutcome: Record<TriageOutcome, number>): OutcomeShare[] {
  const percents = wholePercents(TRIAGE_OUTCOMES.map((o) => byOutcome[o]));
  return TRIAGE_OUTCOMES.map((outcome, i) => ({ outcome, label: TRIAGE_OUTCOME_LABELS[outcome], count: byOutcome[outcome], percent: percents[i]! }));
}

export function triageStatus(awaiting: number, overdue: number): TileStatus {
  if (overdue === 0) return 'green';
  return overdue * 10 > awaiting ? 'red' : 'amber';
}

export function referralWords(r: { receivedThisMonth: number; monthLabel: string; awaitingTriage: number; overdue: number; outcomes: OutcomeShare[] }): TileWords {
  const decided = r.outcomes.reduce((s, o) => s + o.count, 0);
  const shares = decided ? ` Of ${plural(decided, 'triage decision')} in the last 30 days: ${r.outcomes.map((o) => `${o.percent}% ${o.label.toLowerCase()}`).join(', ')}.` : ' No triage decisions in the last 30 days.';
  return {
    status: triageStatus(r.awaitingTriage, r.overdue),
    headline: formatCount(r.receivedThisMonth),
    sentence: `${plural(r.receivedThisMonth, 'referral')} received in ${r.monthLabel}; ${formatCount(r.awaitingTriage)} awaiting triage, ${formatCount(r.overdue)} of them overdue.${shares}`,
  };
}

export function challengeWords(c: { open: number; valuePence: number }): TileWords {
  return {
    status: 'neutral',
    headline: formatCount(c.open),
    sentence: c.open ? `${plural(c.open, 'challenge')} to providers open, worth ${wholePounds(c.valuePence)}.` : 'No challenges to providers are open.',
  };
}

export interface MilestoneSummary { total: number; overdue: number; dueSoon: number; delivered: number }

/** Counts the milestones overdue, due in the next 30 days (from today, not delivered) and delivered. */
export function summariseMilestones(milestones: readonly { dueOn: string; status: MilestoneStatus }[], today: string): MilestoneSummary {
  const horizon = addDays(today, DUE_SOON_DAYS);
  return {
    total: milestones.length,
    overdue: milestones.filter((m) => isOverdue(m, today)).length,
    dueSoon: milestones.filter((m) => m.status !== 'delivered' && m.dueOn >= today && m.dueOn <= horizon).length,
    delivered: milestones.filter((m) => m.status === 'delivered').length,
  };
}

export function milestoneStatus(s: MilestoneSummary): TileStatus {
  if (s.total === 0) return 'neutral';
  if (s.overdue > 0) return 'red';
  return s.dueSoon > 0 ? 'amber' : 'green';
}

export function milestoneWords(s: MilestoneSummary): TileWords {
  if (s.total === 0) return { status: 'neutral', headline: 'None', sentence: 'No plan milestones are recorded yet.' };
  return {
    status: milestoneStatus(s),
    headline: formatCount(s.overdue),
    sentence: `${formatCount(s.overdue)} of ${plural(s.total, 'milestone')} overdue; ${formatCount(s.dueSoon)} due in the next ${DUE_SOON_DAYS} days; ${formatCount(s.delivered)} delivered.`,
  };
}

/** One milestone's state for a table, in words (overdue is said, not only coloured). */
export function milestoneStateWords(m: { dueOn: string; status: MilestoneStatus; statusLabel: string }, today: string): string {
  if (isOverdue(m, today)) return `${m.statusLabel}: OVERDUE (was due ${m.dueOn})`;
  return m.statusLabel;
}

export function alertWords(a: { raised: number; suppressed: number; months: number }): TileWords {
  return {
    status: 'neutral',
    headline: formatCount(a.raised),
    sentence: a.raised
      ? `${plural(a.raised, 'change alert')} on practices' rates in the last ${a.months} months${a.suppressed ? `, and ${formatCount(a.suppressed)} more too small to judge` : ''}.`
      : `No change alerts on practices' rates in the last ${a.months} months.`,
  };
}

// ── Months (the board pack is for one calendar month) ─────────────────────────────────────────

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface CalendarMonth {
  /** 2026-10 */
  month: string;
  /** October 2026 */
  label: string;
  /** first day, and the first day after it (ISO): from <= date < until */
  from: string;
  until: string;
  /** last day (ISO) */
  to: string;
  /** the financial year and its month (1 = April) */
  year: string;
  yearMonth: number;
}

/** 2026-10 → October 2026, 1 to 31 October, 2026/27 month 7. Null for anything not a month. */
export function calendarMonth(text: string): CalendarMonth | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const from = `${match[1]}-${match[2]}-01`;
  const until = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const startYear = m >= 4 ? y : y - 1;
  return {
    month: text, label: `${MONTH_NAMES[m - 1]} ${y}`, from, until, to: addDays(until, -1),
    year: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`, yearMonth: ((m + 8) % 12) + 1,
  };
}

/** The last whole calendar month before today (ISO date), as 2026-10. */
export function lastWholeMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
