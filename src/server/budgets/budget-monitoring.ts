/**
 * In-year budget monitoring (FIN-4): for a financial year's published budgets (one service line or
 * all), each practice's budget phased by month (plus its variations) against its spend (priced
 * activity in the setting's scope through `activityCost`, plus other spend), with year to date,
 * variance, forecast outturn by both methods and RAG — per practice, per group, per service line
 * and for the commissioner. The arithmetic is ../../domain/budgets/budget-monitoring.ts (which
 * reuses the contract-monitoring rules); every total is the sum of its practices' figures.
 *
 * Which practices: every practice with a budget in a published setting of the year, and any
 * practice of the commissioner with spend on a budgeted line but no budget (a budget of 0: any
 * spend is red). Filters (practice, group) narrow the practices listed; the groups listed are those
 * of the practices listed, each still the total of all its practices, and the commissioner's total
 * is always every practice's. A practice user is narrowed to its own practice, its group and the
 * commissioner's total.
 *
 * Months elapsed default to the latest month of the year with any activity or other spend on
 * record (providers' returns arrive a month or more late).
 */
import type { Db } from '../../db/database.js';
import { monthLabel } from '../../domain/activity/financial-year.js';
import {
  FORECAST_METHOD_DESCRIPTIONS, MONTHS_IN_YEAR, phasingWeights, RAG_AMBER_PERCENT, RAG_GREEN_PERCENT, type ForecastMethod,
} from '../../domain/activity/monitoring.js';
import { addBudgetSeries, budgetSeries, phasedBudget, type BudgetSeries } from '../../domain/budgets/budget-monitoring.js';
import { SERVICE_LINE_LABELS, SERVICE_LINE_PODS, type ServiceLine } from '../../domain/budgets/service-lines.js';
import type { Pod } from '../../domain/activity/pricing.js';
import { latestActivityMonth } from '../activity/monitoring.js';
import { getSetting, listSettings, type SettingSummary } from './setting.js';
import { serviceLineSpend } from './spend.js';

export interface MonthHeading { month: number; label: string }

export interface LineSeries extends BudgetSeries {
  serviceLine: ServiceLine;
  /** year-to-date lines with no tariff price (not in the spend) */
  ytdUnpricedLines: number;
  /** year-to-date spend from other_spend (in the spend) */
  ytdOtherSpendPence: number;
}

export interface PracticeMonitoring extends BudgetSeries {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  /** true when the practice has spend on a budgeted line but no budget */
  unbudgeted: boolean;
  lines: LineSeries[];
}

export interface GroupMonitoring extends BudgetSeries { groupCode: string; groupName: string; practices: number }

export interface ServiceLineMonitoring extends BudgetSeries {
  serviceLine: ServiceLine;
  label: string;
  settingId: number;
  version: number;
  /** held back in the risk pool, not in the practices' budgets */
  topSlicePence: number;
  /** the points of delivery and specialties (null = all) whose activity is the spend: for drill-down */
  pods: Pod[];
  tfcs: string[] | null;
}

export interface BudgetMonitoringReport {
  year: string;
  monthsElapsed: number;
  period: string | null;
  months: MonthHeading[];
  methods: Record<ForecastMethod, string>;
  rag: { greenWithinPercent: number; amberWithinPercent: number };
  serviceLines: ServiceLineMonitoring[];
  practices: PracticeMonitoring[];
  groups: GroupMonitoring[];
  /** the commissioner's: every practice, whoever is looking */
  total: BudgetSeries;
}

export interface BudgetMonitoringQuery {
  year: string;
  serviceLine?: ServiceLine;
  practices?: readonly string[];
  groups?: readonly string[];
  /** months elapsed (1–12; 0: none); default: the latest month with spend */
  throughMonth?: number;
  /** a practice user's own practice */
  scopePractice?: string | null;
}

/** The latest month of the year with activity or other spend; 0 when there is none. */
export async function latestSpendMonth(db: Db, year: string): Promise<number> {
  const [activity, other] = await Promise.all([
    latestActivityMonth(db, year),
    db.selectFrom('other_spend').select((eb) => eb.fn.max('month').as('m')).where('year', '=', year).executeTakeFirst(),
  ]);
  return Math.max(activity, Number(other?.m ?? 0));
}

const zeros = () => Array.from({ length: MONTHS_IN_YEAR }, () => 0);
const ytd = (values: readonly number[], months: number) => values.slice(0, months).reduce((a, b) => a + b, 0);

/** The published settings monitored: one service line's, or every line's, for the year. */
async function publishedSettings(db: Db, year: string, serviceLine?: ServiceLine): Promise<SettingSummary[]> {
  return listSettings(db, { year, serviceLine, statuses: ['published'] });
}

export async function budgetMonitoring(db: Db, query: BudgetMonitoringQuery): Promise<BudgetMonitoringReport> {
  const { year } = query;
  const monthsElapsed = query.throughMonth ?? await latestSpendMonth(db, year);
  const settings = await publishedSettings(db, year, query.serviceLine);
  const [views, practiceRows] = await Promise.all([
    Promise.all(settings.map((s) => getSetting(db, s.id))),
    db.selectFrom('practice as p').leftJoin('org_group as g', 'g.code', 'p.group_code').select(['p.code', 'p.name', 'p.group_code', 'g.name as group_name']).execute(),
  ]);
  const known = new Map(practiceRows.map((p) => [p.code, p]));
  const spends = await Promise.all(views.map((v) => serviceLineSpend(db, { year, serviceLine: v.serviceLine, tfcs: v.scope.tfcs, practices: [...known.keys()] })));

  // Every practice with a budget or spend, with its group (as set, for a budgeted practice).
  const practiceInfo = new Map<string, { name: string; groupCode: string; groupName: string; budgeted: boolean }>();
  for (const v of views) {
    for (const p of v.practices) practiceInfo.set(p.practiceCode, { name: p.practiceName, groupCode: p.groupCode, groupName: p.groupName, budgeted: true });
  }
  for (const spend of spends) {
    for (const code of spend.keys()) {
      if (practiceInfo.has(code)) continue;
      const p = known.get(code)!;
      practiceInfo.set(code, { name: p.name, groupCode: p.group_code, groupName: p.group_name ?? p.group_code, budgeted: false });
    }
  }

  const lineSeries = new Map<string, LineSeries[]>();
  const byLine: LineSeries[][] = views.map(() => []);
  views.forEach((v, i) => {
    const weights = phasingWeights(v.phasing, v.profile);
    const budgets = new Map(v.practices.map((p) => [p.practiceCode, p.budgetPence]));
    const variations = new Map<string, { fromMonth: number; amountPence: number }[]>();
    for (const x of v.variations) variations.set(x.practiceCode, [...(variations.get(x.practiceCode) ?? []), { fromMonth: x.fromMonth, amountPence: x.amountPence }]);
    const spend = spends[i]!;
    for (const code of new Set([...budgets.keys(), ...spend.keys()])) {
      const s = spend.get(code);
      const series: LineSeries = {
        serviceLine: v.serviceLine,
        ...budgetSeries({ budgetByMonth: phasedBudget(budgets.get(code) ?? 0, variations.get(code) ?? [], weights), spendByMonth: s?.byMonth ?? zeros(), monthsElapsed, weights }),
        ytdUnpricedLines: ytd(s?.unpricedByMonth ?? [], monthsElapsed), ytdOtherSpendPence: ytd(s?.otherByMonth ?? [], monthsElapsed),
      };
      lineSeries.set(code, [...(lineSeries.get(code) ?? []), series]);
      byLine[i]!.push(series);
    }
  });
  const allPractices: PracticeMonitoring[] = [...practiceInfo.entries()].sort(([a, x], [b, y]) => (x.groupCode.localeCompare(y.groupCode) || a.localeCompare(b))).map(([code, info]) => {
    const lines = lineSeries.get(code) ?? [];
    return {
      practiceCode: code, practiceName: info.name, groupCode: info.groupCode, groupName: info.groupName, unbudgeted: !info.budgeted,
      ...addBudgetSeries(lines, monthsElapsed), lines,
    };
  });
  const groupCodes = [...new Set(allPractices.map((p) => p.groupCode))].sort();
  const allGroups: GroupMonitoring[] = groupCodes.map((g) => {
    const members = allPractices.filter((p) => p.groupCode === g);
    return { groupCode: g, groupName: members[0]!.groupName, practices: members.length, ...addBudgetSeries(members, monthsElapsed) };
  });

  // Narrowing: a practice user to its own practice; then the filters.
  let listed = allPractices;
  if (query.scopePractice) listed = listed.filter((p) => p.practiceCode === query.scopePractice);
  if (query.practices) listed = listed.filter((p) => query.practices!.includes(p.practiceCode));
  if (query.groups) listed = listed.filter((p) => query.groups!.includes(p.groupCode));
  const listedGroups = new Set(listed.map((p) => p.groupCode));
  // A practice user with nothing listed still sees its own group's total.
  if (query.scopePractice && !listed.length) {
    const own = known.get(query.scopePractice);
    if (own) listedGroups.add(own.group_code);
  }

  return {
    year, monthsElapsed,
    period: monthsElapsed > 0 ? (monthsElapsed === 1 ? monthLabel(year, 1) : `${monthLabel(year, 1)} to ${monthLabel(year, monthsElapsed)}`) : null,
    months: Array.from({ length: MONTHS_IN_YEAR }, (_, i) => ({ month: i + 1, label: monthLabel(year, i + 1) })),
    methods: FORECAST_METHOD_DESCRIPTIONS,
    rag: { greenWithinPercent: RAG_GREEN_PERCENT, amberWithinPercent: RAG_AMBER_PERCENT },
    serviceLines: views.map((v, i) => ({
      serviceLine: v.serviceLine, label: SERVICE_LINE_LABELS[v.serviceLine], settingId: v.id, version: v.version, topSlicePence: v.topSlicePence,
      pods: [...SERVICE_LINE_PODS[v.serviceLine]], tfcs: v.scope.tfcs,
      ...addBudgetSeries(byLine[i]!, monthsElapsed),
    })),
    practices: listed,
    groups: allGroups.filter((g) => listedGroups.has(g.groupCode)),
    total: addBudgetSeries(allPractices, monthsElapsed),
  };
}
