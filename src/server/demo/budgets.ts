/**
 * The demo's practice budgets (FIN-2 to FIN-5): published budgets for the current financial year
 * for every service line devolved that year that has activity (with the seed scope: elective,
 * outpatients and non-elective, for the year-1 specialties), set through the real service
 * (draft → reviewed → published) from the demo population, the capitation weights
 * (`loadDemoWeights`, loaded first) and the demo activity.
 *
 * History: the demo has one year of activity, ending yesterday, so it spans two financial years.
 * Each practice's priced activity over that year (in the line's scope) is imported as its
 * historic spend for the previous financial year, as a finance lead would import last year's
 * outturn. The commissioner's total is that history plus 3% growth, rounded to the £1,000; 1% is
 * held back in the risk pool, patients' costs above £20,000 fall to it, over- and under-spends
 * are shared within each group, savings go to one pot per group; pace of change 25%, floor 2%.
 *
 * Run after the activity. Idempotent: a line that already has a published budget for the year is
 * left as it is (and an imported history is never replaced).
 */
import type { Db } from '../../db/database.js';
import { financialMonthOf } from '../../domain/activity/financial-year.js';
import { SERVICE_LINE_PODS, SERVICE_LINES, type ServiceLine } from '../../domain/budgets/service-lines.js';
import { serviceLineSpend } from '../budgets/spend.js';
import { createDraft, importHistoricSpend, listSettings, previousYear, publishSetting, reviewSetting, yearScope } from '../budgets/setting.js';

export interface DemoBudgetsSummary {
  year: string;
  /** published now */
  published: { serviceLine: ServiceLine; settingId: number; commissionerTotalPence: number }[];
  /** already published before, or with no activity to budget from */
  skipped: ServiceLine[];
}

export const DEMO_BUDGET_PARAMETERS = {
  growth: 0.03, pace: 0.25, floorPercent: 0.02, topSlicePercent: 0.01, highCostThresholdPence: 2_000_000,
  sharingRule: 'group', reinvestmentRule: 'one_pot', phasing: 'even',
} as const;

export async function loadDemoBudgets(db: Db, actor: string, today = new Date().toISOString().slice(0, 10)): Promise<DemoBudgetsSummary> {
  const year = financialMonthOf(today).year;
  const last = previousYear(year);
  const summary: DemoBudgetsSummary = { year, published: [], skipped: [] };
  const practices = (await db.selectFrom('practice').select('code').orderBy('code').execute()).map((p) => p.code);
  if (!practices.length) return summary;

  for (const serviceLine of SERVICE_LINES) {
    const scope = await yearScope(db, serviceLine, year);
    if (!scope.devolved || !SERVICE_LINE_PODS[serviceLine].length) continue;
    if ((await listSettings(db, { year, serviceLine, statuses: ['published'] })).length) {
      summary.skipped.push(serviceLine);
      continue;
    }
    // The demo's year of activity (both financial years it touches), per practice, as last year's outturn.
    const spends = await Promise.all([last, year].map((y) => serviceLineSpend(db, { year: y, serviceLine, tfcs: scope.tfcs, practices })));
    const history = practices.map((code) => ({ practiceCode: code, amountPence: Math.max(0, spends.reduce((a, s) => a + (s.get(code)?.byMonth.reduce((x, m) => x + m, 0) ?? 0), 0)) }));
    const historicTotal = history.reduce((a, h) => a + h.amountPence, 0);
    if (historicTotal === 0) {
      summary.skipped.push(serviceLine);
      continue;
    }
    const imported = await db.selectFrom('historic_spend').select('practice_code')
      .where('year', '=', last).where('service_line', '=', serviceLine).where('source', '=', 'imported').execute();
    if (!imported.length) await importHistoricSpend(db, actor, { year: last, serviceLine, rows: history });

    const total = Math.round((historicTotal * (1 + DEMO_BUDGET_PARAMETERS.growth)) / 100_000) * 100_000;
    const id = await createDraft(db, actor, {
      year, serviceLine, commissionerTotalPence: total, pace: DEMO_BUDGET_PARAMETERS.pace, floorPercent: DEMO_BUDGET_PARAMETERS.floorPercent,
      topSlicePercent: DEMO_BUDGET_PARAMETERS.topSlicePercent, highCostThresholdPence: DEMO_BUDGET_PARAMETERS.highCostThresholdPence,
      sharingRule: DEMO_BUDGET_PARAMETERS.sharingRule, reinvestmentRule: DEMO_BUDGET_PARAMETERS.reinvestmentRule, phasing: DEMO_BUDGET_PARAMETERS.phasing,
      historicSource: 'auto', notes: 'Demo budgets: the demo year of activity as history, 3% growth.',
    });
    await reviewSetting(db, actor, id);
    await publishSetting(db, actor, id);
    summary.published.push({ serviceLine, settingId: id, commissionerTotalPence: total });
  }
  return summary;
}
