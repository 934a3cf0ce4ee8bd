/**
 * The board pack (INFO-2): one calendar month's finance, activity, referrals, plan milestones and
 * decisions, for the board's meeting. Each section reads its service: budgetMonitoring and
 * contractMonitoring through the month (the month's financial-year month as "months elapsed"), the
 * decisions log for the month (with the declared interests that conflicted and the recusals), the
 * plans' milestones as at the month's end (or today, if sooner). Referral turnaround is counted
 * by the reviewer-evidence clock (summariseReviewerEvidence) over every reviewer's decisions in
 * the month, so the board and the reviewers read the same numbers.
 *
 * Nothing in it identifies a patient: referrals are counted, decisions are the board's own.
 */
import type { Db } from '../../db/database.js';
import { SERVICE_LINE_LABELS } from '../../domain/budgets/service-lines.js';
import { calendarMonth, milestoneStateWords, summariseMilestones, type CalendarMonth, type MilestoneSummary } from '../../domain/insight-dashboard/tiles.js';
import { GATEWAY_ACTOR, summariseReviewerEvidence, type HistoryEvent, type OutcomeCount, type ReferralHistory } from '../../domain/insight-reviewer/evidence.js';
import type { Rag } from '../../domain/activity/monitoring.js';
import { contractMonitoring } from '../activity/monitoring.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { decisionsLog } from '../governance/decisions.js';
import { HttpError } from '../http/errors.js';
import { londonToday } from '../plans/milestones.js';
import { TRIAGE_SERVICE_LEVEL_DAYS } from '../referrals/service.js';
import { milestonesOf, plansOf } from './dashboard.js';

export interface MoneyRow {
  code: string;
  name: string;
  yearPlanPence: number;
  ytdPlanPence: number;
  ytdActualPence: number;
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecastPence: number | null;
}

export interface BoardPack {
  month: CalendarMonth;
  generatedAt: string;
  /** the day milestones are judged on: the month's last day, or today if that is sooner */
  asAt: string;
  finance: { year: string; period: string | null; published: boolean; groups: MoneyRow[]; serviceLines: MoneyRow[]; total: MoneyRow };
  activity: { period: string | null; providers: MoneyRow[]; total: MoneyRow; topVariances: (MoneyRow & { providerName: string })[] };
  referrals: {
    received: number;
    byPriority: { priority: string; label: string; count: number }[];
    decisions: number;
    outcomes: OutcomeCount[];
    turnaround: { medianWorkingDays: number | null; p90WorkingDays: number | null; withinServiceLevel: number; withinPercent: number | null; serviceLevelDays: number };
    clock: string;
  };
  milestones: {
    summary: MilestoneSummary;
    rows: { planTitle: string; groupName: string; dueOn: string; deliverable: string; owner: string; statusLabel: string; overdue: boolean; state: string }[];
  };
  decisions: {
    id: number; decidedOn: string; bodyName: string; title: string; outcomeLabel: string; tallyText: string;
    /** declared interests that conflicted, in words, and who was recused */
    interests: string[];
    recusals: string[];
  }[];
}

/** The month asked for, or a 400 naming the field. */
export function boardMonth(text: string): CalendarMonth {
  const month = calendarMonth(text);
  if (!month) throw new HttpError(400, 'invalid_request', 'Say which month, written like 2026-10.', [{ field: 'querystring.month', message: 'must be a month written like 2026-10' }]);
  return month;
}

const forecastOf = (f: { seasonalPence: number | null; straightLinePence: number | null }) => f.seasonalPence ?? f.straightLinePence;

const PRIORITY_LABELS: Record<string, string> = { '2ww': 'Two-week wait', urgent: 'Urgent', routine: 'Routine' };

async function financeSection(db: Db, m: CalendarMonth): Promise<BoardPack['finance']> {
  const r = await budgetMonitoring(db, { year: m.year, throughMonth: m.yearMonth });
  const row = (code: string, name: string, s: { yearBudgetPence: number; ytdBudgetPence: number; ytdSpendPence: number; variancePence: number; variancePercent: number | null; rag: Rag; forecast: { seasonalPence: number | null; straightLinePence: number | null } }): MoneyRow => ({
    code, name, yearPlanPence: s.yearBudgetPence, ytdPlanPence: s.ytdBudgetPence, ytdActualPence: s.ytdSpendPence, variancePence: s.variancePence,
    variancePercent: s.variancePercent, rag: s.rag, forecastPence: forecastOf(s.forecast),
  });
  return {
    year: m.year, period: r.period, published: r.serviceLines.length > 0,
    groups: r.groups.map((g) => row(g.groupCode, g.groupName, g)),
    serviceLines: r.serviceLines.map((l) => row(l.serviceLine, SERVICE_LINE_LABELS[l.serviceLine], l)),
    total: row('total', 'All practices', r.total),
  };
}

async function activitySection(db: Db, m: CalendarMonth): Promise<BoardPack['activity']> {
  const r = await contractMonitoring(db, { year: m.year, throughMonth: m.yearMonth });
  const row = (code: string, name: string, s: typeof r.total): MoneyRow => ({
    code, name, yearPlanPence: s.yearPlanPence, ytdPlanPence: s.ytdPlanPence, ytdActualPence: s.ytdActualPence, variancePence: s.variancePence,
    variancePercent: s.variancePercent, rag: s.rag, forecastPence: forecastOf(s.forecast),
  });
  // The largest variances line by line: each contracted provider's plan lines (its own report).
  const byProvider = await Promise.all(r.providers.filter((p) => p.contractId !== null)
    .map(async (p) => ({ p, lines: (await contractMonitoring(db, { year: m.year, provider: p.providerCode, throughMonth: m.yearMonth })).lines ?? [] })));
  const topVariances = byProvider.flatMap(({ p, lines }) => lines.filter((l) => l.variancePence !== 0)
    .map((l) => ({ ...row(`${p.providerCode} ${l.pod ?? l.kind} ${l.tfc}`, `${l.podName}: ${l.tfcName}`, l), providerName: p.providerName })))
    .sort((a, b) => Math.abs(b.variancePence) - Math.abs(a.variancePence) || a.code.localeCompare(b.code))
    .slice(0, 5);
  return { period: r.period, providers: r.providers.map((p) => row(p.providerCode, p.providerName, p)), total: row('total', 'All providers', r.total), topVariances };
}

async function referralSection(db: Db, m: CalendarMonth): Promise<BoardPack['referrals']> {
  const start = new Date(`${m.from}T00:00:00Z`);
  const end = new Date(`${m.until}T00:00:00Z`);
  const decided = db.selectFrom('referral_event').select('referral_id').distinct()
    .where('action', 'in', ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp']).where('actor', '<>', GATEWAY_ACTOR)
    .where('at', '>=', start).where('at', '<', end);
  const [received, referrals, events] = await Promise.all([
    db.selectFrom('referral').select(['priority', (eb) => eb.fn.countAll<number>().as('n')]).where('received_at', '>=', start).where('received_at', '<', end).groupBy('priority').execute(),
    db.selectFrom('referral').select(['id', 'reference', 'tfc', 'received_at']).where('id', 'in', decided).execute(),
    db.selectFrom('referral_event').select(['referral_id', 'actor', 'action', 'at', 'details']).where('referral_id', 'in', decided)
      .where('action', 'in', ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp', 'provide_info']).orderBy('referral_id').orderBy('at').orderBy('id').execute(),
  ]);
  // Every reviewer's decisions counted as one reviewer's: the same clock and outcomes, for all.
  const ALL = '(all reviewers)';
  const eventsOf = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    eventsOf.set(e.referral_id, [...(eventsOf.get(e.referral_id) ?? []), { actor: e.actor === GATEWAY_ACTOR ? e.actor : ALL, action: e.action, at: e.at.toISOString(), details: null }]);
  }
  const histories: ReferralHistory[] = referrals.map((r) => ({ referralId: r.id, reference: r.reference, tfc: r.tfc, receivedAt: r.received_at.toISOString(), events: eventsOf.get(r.id) ?? [], feedback: null }));
  const s = summariseReviewerEvidence({ username: ALL, displayName: 'All reviewers', period: { from: m.from, to: m.to }, serviceLevelDays: TRIAGE_SERVICE_LEVEL_DAYS, histories });
  const count = (p: string) => Number(received.find((r) => r.priority === p)?.n ?? 0);
  return {
    received: received.reduce((a, r) => a + Number(r.n), 0),
    byPriority: ['routine', 'urgent', '2ww'].map((p) => ({ priority: p, label: PRIORITY_LABELS[p]!, count: count(p) })),
    decisions: s.decisions,
    outcomes: s.byOutcome,
    turnaround: {
      medianWorkingDays: s.turnaround.medianWorkingDays, p90WorkingDays: s.turnaround.p90WorkingDays, withinServiceLevel: s.turnaround.withinServiceLevel,
      withinPercent: s.turnaround.withinPercent, serviceLevelDays: TRIAGE_SERVICE_LEVEL_DAYS,
    },
    clock: `Turnaround is counted in working days after the day the referral was received (or further information arrived), up to the day of each triage decision; the service level is ${TRIAGE_SERVICE_LEVEL_DAYS} working days.`,
  };
}

async function milestoneSection(db: Db, m: CalendarMonth, asAt: string): Promise<BoardPack['milestones']> {
  const milestones = await milestonesOf(db, await plansOf(db, null, m.year), asAt);
  return {
    summary: summariseMilestones(milestones, asAt),
    rows: milestones.map((x) => ({
      planTitle: x.planTitle, groupName: x.groupName, dueOn: x.dueOn, deliverable: x.deliverable, owner: x.owner, statusLabel: x.statusLabel,
      overdue: x.overdue, state: milestoneStateWords(x, asAt),
    })),
  };
}

async function decisionSection(db: Db, m: CalendarMonth): Promise<BoardPack['decisions']> {
  const log = await decisionsLog(db, { from: m.from, to: m.to });
  return log.reverse().map((d) => ({
    id: d.id, decidedOn: d.decidedOn, bodyName: d.bodyName, title: d.title, outcomeLabel: d.outcomeLabel,
    tallyText: d.tally.voted + d.tally.recused === 0 ? 'No votes recorded' : `For ${d.tally.for}, against ${d.tally.against}, abstained ${d.tally.abstain}, recused ${d.tally.recused}`,
    interests: d.conflictList.flatMap((c) => c.sentences),
    recusals: d.recusals.map((v) => `${v.personName} (${v.role}) was recused${v.reason ? `: ${v.reason}` : ''}`),
  }));
}

/** The board pack for a calendar month. */
export async function boardPack(db: Db, month: CalendarMonth, now = new Date()): Promise<BoardPack> {
  const today = londonToday(now);
  const asAt = month.to < today ? month.to : today;
  const [finance, activity, referrals, milestones, decisions] = await Promise.all([
    financeSection(db, month), activitySection(db, month), referralSection(db, month), milestoneSection(db, month, asAt), decisionSection(db, month),
  ]);
  return { month, generatedAt: now.toISOString(), asAt, finance, activity, referrals, milestones, decisions };
}

export const boardPackFileName = (month: CalendarMonth) => `board-pack-${month.month}.pdf`;
