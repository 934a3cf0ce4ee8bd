/**
 * The live figures of a group's plan for a year (PLAN-1): a registry of figures drawn from the
 * organisation register, the published budgets, budget monitoring and savings, hospital activity
 * and contracts, and the plan's own business cases. Each is read through the capability that owns
 * it (no SQL of theirs copied here); each source is read once, and only when a figure needs it.
 * A figure that cannot be worked out has value null and says why in `source`. Sending a version
 * for sign-off freezes these with it (./versions.ts).
 */
import type { Db } from '../../db/database.js';
import { monthLabel } from '../../domain/activity/financial-year.js';
import { SERVICE_LINE_LABELS } from '../../domain/budgets/service-lines.js';
import type { PlanFigure, PlanFigures } from '../../domain/plans/snapshot.js';
import { listContracts } from '../activity/contracts.js';
import { activityCost, latestActivityMonth } from '../activity/monitoring.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { savingsReport } from '../budgets/savings.js';
import { getSetting, listSettings } from '../budgets/setting.js';
import { listPractices } from '../org/queries.js';

interface Query { groupCode: string; year: string }

const once = <T>(read: () => Promise<T>) => {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
};

/** What the figures are drawn from, each read at most once per request. */
function sources(db: Db, { groupCode, year }: Query) {
  const monitoringReport = once(() => budgetMonitoring(db, { year }));
  return {
    practices: once(async () => (await listPractices(db, null)).filter((p) => p.groupCode === groupCode)),
    budgets: once(async () => {
      const settings = await listSettings(db, { year, statuses: ['published'] });
      const views = await Promise.all(settings.map((s) => getSetting(db, s.id)));
      const groups = views.map((v) => v.groups.find((g) => g.groupCode === groupCode)).filter((g) => g !== undefined);
      return { lines: settings.map((s) => SERVICE_LINE_LABELS[s.serviceLine]), groups };
    }),
    monitoring: once(async () => {
      const report = await monitoringReport();
      return { report, group: report.groups.find((g) => g.groupCode === groupCode) };
    }),
    savings: once(async () => {
      // Savings are worked out from the same monitoring: read once for both.
      const report = await savingsReport(db, { year, monitoring: await monitoringReport() });
      return { report, group: report.groups.find((g) => g.groupCode === groupCode) };
    }),
    activity: once(async () => {
      const month = await latestActivityMonth(db, year);
      const [total] = await activityCost(db, { year, group: [groupCode], throughMonth: month }, []);
      return { month, costPence: total?.costPence ?? 0, lines: total?.lines ?? 0 };
    }),
    contracts: once(() => listContracts(db, { year })),
    businessCases: once(async () => {
      const rows = await db.selectFrom('plan').innerJoin('business_case as b', 'b.plan_id', 'plan.id')
        .leftJoin('business_case_year as y', (j) => j.onRef('y.business_case_id', '=', 'b.id').on('y.year_index', '=', 1))
        .select(['b.id', 'b.upfront_investment_pence', 'y.released_pence'])
        .where('plan.group_code', '=', groupCode).where('plan.year', '=', year).where('b.status', 'not in', ['rejected', 'withdrawn']).execute();
      return rows;
    }),
  };
}

type Sources = ReturnType<typeof sources>;
type Value = Pick<PlanFigure, 'value' | 'source'>;

interface FigureDefinition { key: string; label: string; unit: PlanFigure['unit']; compute: (s: Sources, q: Query) => Promise<Value> }

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const noBudgets = (year: string): Value => ({ value: null, source: `No budgets are published for ${year} yet.` });
const spendPeriod = (year: string, months: number) => (months === 1 ? monthLabel(year, 1) : `${monthLabel(year, 1)} to ${monthLabel(year, months)}`);

/** The figures a writer may use, in the order the editor lists them. */
export const FIGURE_DEFINITIONS: readonly FigureDefinition[] = [
  {
    key: 'practices', label: 'Practices in the group', unit: 'count',
    compute: async (s) => ({ value: (await s.practices()).length, source: 'The organisation register.' }),
  },
  {
    key: 'registered_patients', label: 'Registered patients', unit: 'count',
    compute: async (s) => {
      const practices = await s.practices();
      const periods = practices.map((p) => p.listSizePeriod).filter((p) => p !== null).sort();
      if (!periods.length) return { value: null, source: 'No registered population has been imported for these practices.' };
      return { value: sum(practices.map((p) => p.listSize)), source: `Registered population of each practice at its latest extract (${periods.at(-1)}).` };
    },
  },
  {
    key: 'budget_total', label: 'Budget for the year', unit: 'pence',
    compute: async (s, q) => {
      const { lines, groups } = await s.budgets();
      if (!groups.length) return noBudgets(q.year);
      return { value: sum(groups.map((g) => g.currentBudgetPence)), source: `Published budgets ${q.year}, the group’s practices, all service lines (${lines.join(', ')}), with variations.` };
    },
  },
  {
    key: 'fair_share_total', label: 'Fair share by weighted capitation', unit: 'pence',
    compute: async (s, q) => {
      const { groups } = await s.budgets();
      if (!groups.length) return noBudgets(q.year);
      return { value: sum(groups.map((g) => g.fairSharePence)), source: `Fair shares in the published budgets ${q.year} (weighted capitation).` };
    },
  },
  {
    key: 'budget_vs_fair_share_percent', label: 'Budget above (+) or below (−) fair share', unit: 'percent',
    compute: async (s, q) => {
      const { groups } = await s.budgets();
      if (!groups.length) return noBudgets(q.year);
      const fair = sum(groups.map((g) => g.fairSharePence));
      if (fair === 0) return { value: null, source: 'The fair share is £0.' };
      const budget = sum(groups.map((g) => g.budgetPence));
      // one decimal place, half away from zero
      const tenths = Math.sign(budget - fair) * Math.round((Math.abs(budget - fair) * 1000) / fair);
      return { value: tenths / 10, source: `Budgets set ${q.year} against fair shares, before variations.` };
    },
  },
  {
    key: 'spend_ytd', label: 'Spend against budget, year to date', unit: 'pence',
    compute: async (s, q) => {
      const { report, group } = await s.monitoring();
      if (!report.serviceLines.length) return noBudgets(q.year);
      if (!report.monthsElapsed) return { value: null, source: `No spend for ${q.year} has been recorded yet.` };
      return { value: group?.ytdSpendPence ?? 0, source: `Budget monitoring, ${spendPeriod(q.year, report.monthsElapsed)}.` };
    },
  },
  {
    key: 'forecast_outturn', label: 'Forecast outturn', unit: 'pence',
    compute: async (s, q) => {
      const { report, group } = await s.savings();
      if (!report.settings.length) return noBudgets(q.year);
      if (report.basis === 'none') return { value: null, source: `No spend for ${q.year} has been recorded yet to forecast from.` };
      return { value: group?.outturnPence ?? 0, source: `${report.basis === 'actual' ? 'Actual outturn' : 'Seasonal forecast'} from ${spendPeriod(q.year, report.monthsElapsed)}.` };
    },
  },
  {
    key: 'savings_forecast', label: 'Efficiency gains (savings), forecast', unit: 'pence',
    compute: async (s, q) => {
      const { report, group } = await s.savings();
      if (!report.settings.length) return noBudgets(q.year);
      if (report.basis === 'none') return { value: null, source: `No spend for ${q.year} has been recorded yet to forecast from.` };
      return { value: group?.savingsPence ?? 0, source: `Budgets less ${report.basis === 'actual' ? 'actual' : 'forecast'} outturn, after the risk pool and the sharing rules.` };
    },
  },
  {
    key: 'reinvestable', label: 'Savings the group may reinvest', unit: 'pence',
    compute: async (s, q) => {
      const { report, group } = await s.savings();
      if (!report.settings.length) return noBudgets(q.year);
      if (report.basis === 'none') return { value: null, source: `No spend for ${q.year} has been recorded yet to forecast from.` };
      return { value: group?.reinvestablePence ?? 0, source: 'Forecast savings under each budget’s reinvestment rule.' };
    },
  },
  {
    key: 'savings_target', label: 'Savings target: resources the business cases release in year 1', unit: 'pence',
    compute: async (s) => {
      const cases = await s.businessCases();
      if (!cases.length) return { value: null, source: 'This plan has no business cases yet.' };
      return { value: sum(cases.map((c) => c.released_pence ?? 0)), source: `The first year of the financial model of the plan’s ${cases.length} business case${cases.length === 1 ? '' : 's'} (not rejected or withdrawn).` };
    },
  },
  {
    key: 'upfront_investment', label: 'Up-front investment in the business cases', unit: 'pence',
    compute: async (s) => {
      const cases = await s.businessCases();
      if (!cases.length) return { value: null, source: 'This plan has no business cases yet.' };
      return { value: sum(cases.map((c) => c.upfront_investment_pence)), source: 'The business cases of this plan (not rejected or withdrawn).' };
    },
  },
  {
    key: 'activity_cost_ytd', label: 'Hospital activity cost, year to date', unit: 'pence',
    compute: async (s, q) => {
      const a = await s.activity();
      if (!a.month) return { value: null, source: `No hospital activity for ${q.year} has been received yet.` };
      return { value: a.costPence, source: `Providers’ activity for the group’s practices at tariff, ${spendPeriod(q.year, a.month)} (${a.lines.toLocaleString('en-GB')} lines).` };
    },
  },
  {
    key: 'contract_value', label: 'Hospital contracts’ value (all of the commissioner’s)', unit: 'pence',
    compute: async (s, q) => {
      const contracts = await s.contracts();
      if (!contracts.length) return { value: null, source: `No hospital contracts for ${q.year} are recorded.` };
      return { value: sum(contracts.map((c) => c.totalValuePence)), source: `Planned value with variations of the commissioner’s ${contracts.length} contract${contracts.length === 1 ? '' : 's'} for ${q.year}.` };
    },
  },
];

/** Every figure for a group's plan of a year, as it stands now. */
export async function planFigures(db: Db, groupCode: string, year: string): Promise<PlanFigures> {
  const q = { groupCode, year };
  const s = sources(db, q);
  const values = await Promise.all(FIGURE_DEFINITIONS.map((f) => f.compute(s, q)));
  return Object.fromEntries(FIGURE_DEFINITIONS.map((f, i) => [f.key, { label: f.label, unit: f.unit, ...values[i]! }]));
}
