/**
 * `hub budgets monitoring --year Y [--service-line L] [--through M] [--json]`: each practice's
 * budget to date, spend to date, variance, RAG and forecast outturn against the year's published
 * budgets, then the groups and the commissioner's total — the same figures as the monitoring page
 * (FIN-4). Register it on the `budgets` command: `registerBudgetMonitoring(registerBudgets(program))`.
 */
import type { Command } from 'commander';
import { parseFinancialYear } from '../../domain/activity/financial-year.js';
import { formatPence } from '../../domain/activity/money.js';
import { isServiceLine, SERVICE_LINES } from '../../domain/budgets/service-lines.js';
import type { BudgetSeries } from '../../domain/budgets/budget-monitoring.js';
import { budgetMonitoring } from '../../server/budgets/budget-monitoring.js';
import { CliError, output, withDatabase } from '../context.js';

const forecast = (pence: number | null) => (pence === null ? '-' : formatPence(pence));
const cells = (s: BudgetSeries) => [formatPence(s.ytdBudgetPence), formatPence(s.ytdSpendPence), formatPence(s.variancePence), s.rag, forecast(s.forecast.straightLinePence), forecast(s.forecast.seasonalPence), formatPence(s.yearBudgetPence)];

export function registerBudgetMonitoring(budgets: Command): Command {
  budgets.command('monitoring')
    .description('spend against the year’s published budgets: to date, variance, RAG and forecast outturn per practice, group and in total')
    .requiredOption('--year <year>', 'financial year, e.g. 2025/26')
    .option('--service-line <line>', `one service line: ${SERVICE_LINES.join(', ')} (default: every budgeted line)`)
    .option('--through <month>', 'months elapsed, 1 (April) to 12 (default: the latest month with spend)')
    .option('--json', 'print the whole report as JSON (money in pence)')
    .action(async (o: { year: string; serviceLine?: string; through?: string; json?: boolean }) => {
      const year = parseFinancialYear(o.year);
      if (!year.ok) throw new CliError(`--year ${o.year} ${year.message}.`);
      if (o.serviceLine !== undefined && !isServiceLine(o.serviceLine)) throw new CliError(`--service-line ${o.serviceLine} is not a service line; use ${SERVICE_LINES.join(', ')}.`);
      const through = o.through === undefined ? undefined : Number(o.through);
      if (through !== undefined && (!Number.isInteger(through) || through < 0 || through > 12)) throw new CliError(`--through ${o.through} must be a month number from 0 to 12.`);
      const report = await withDatabase('budgets monitoring', ({ db }) => budgetMonitoring(db, {
        year: year.value, serviceLine: o.serviceLine as (typeof SERVICE_LINES)[number] | undefined, throughMonth: through,
      }));
      output(Boolean(o.json), report, () => {
        if (!report.serviceLines.length) return [`No budgets are published for ${report.year}${o.serviceLine ? ` (${o.serviceLine})` : ''}.`];
        return [
          `Budget monitoring ${report.year}, ${report.serviceLines.map((l) => `${l.label} v${l.version}`).join(', ')}; ${report.period ? `year to date ${report.period}` : 'no month elapsed yet'}`,
          ['code', 'name', 'group', 'budget to date', 'spend to date', 'variance', 'rag', 'forecast (straight line)', 'forecast (seasonal)', 'year budget'].join('\t'),
          ...report.practices.map((p) => [p.practiceCode, p.practiceName, p.groupCode, ...cells(p)].join('\t')),
          ...report.groups.map((g) => [g.groupCode, `${g.groupName} total`, g.groupCode, ...cells(g)].join('\t')),
          ['total', 'Commissioner total', '', ...cells(report.total)].join('\t'),
        ];
      });
    });
  return budgets;
}
