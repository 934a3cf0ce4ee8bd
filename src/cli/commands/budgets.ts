/**
 * `hub budgets …`: the budgets command group (FIN). Other budget commands add themselves to the
 * group `registerBudgets` returns.
 *
 * `hub budgets fair-shares --year 2025/26 --service-line elective --total 1250000 [--period DATE]
 * [--commissioner CODE] [--json]`: each practice's raw population, weighted population and fair
 * share of the total (FIN-1), by the same calculation as the fair shares page and API
 * (../../server/budgets/capitation.ts). The population is the latest before the year ends unless
 * --period says which. JSON has money in pence and the exact figures as decimal strings.
 */
import type { Command } from 'commander';
import { parseFinancialYear } from '../../domain/activity/financial-year.js';
import { formatPence, parsePounds } from '../../domain/activity/money.js';
import { decimalString, ROUNDING_RULE } from '../../domain/budgets/capitation.js';
import { parseServiceLine } from '../../domain/budgets/weights.js';
import { parseIsoDate } from '../../domain/org/iso-date.js';
import { loadFairShares, SCALE_PLACES, SHARE_PLACES, WEIGHTED_PLACES } from '../../server/budgets/capitation.js';
import { HttpError } from '../../server/http/errors.js';
import { CliError, output, withDatabase } from '../context.js';

/** Adds `hub budgets` and its sub-commands; returns the group so other commands can join it. */
export function registerBudgets(program: Command): Command {
  const budgets = program.command('budgets').description('practice budgets: fair shares');
  budgets.command('fair-shares')
    .description('each practice’s raw population, weighted population and fair share of a service line’s total (weighted capitation)')
    .requiredOption('--year <year>', 'financial year, e.g. 2025/26 (the population used is the latest before it ends)')
    .requiredOption('--service-line <line>', 'service line with imported weights, e.g. elective, non_elective, prescribing')
    .requiredOption('--total <pounds>', 'the service line’s total budget in pounds, e.g. 1250000 or 1,250,000.00')
    .option('--period <date>', 'population period to use (YYYY-MM-DD) instead of the latest before the year ends')
    .option('--commissioner <code>', 'commissioner code, when there is more than one')
    .option('--json', 'print the fair shares as JSON (money in pence)')
    .action(async (o: { year: string; serviceLine: string; total: string; period?: string; commissioner?: string; json?: boolean }) => {
      const year = parseFinancialYear(o.year);
      if (!year.ok) throw new CliError(`--year ${o.year} ${year.message}.`);
      const line = parseServiceLine(o.serviceLine);
      if (!line.ok) throw new CliError(`--service-line ${o.serviceLine} ${line.message}.`);
      if (/^\s*-/.test(o.total)) throw new CliError(`--total ${o.total} must not be negative.`);
      const total = parsePounds(o.total);
      if (!total.ok) throw new CliError(`--total ${o.total} ${total.message}.`);
      if (o.period !== undefined) {
        const period = parseIsoDate(o.period);
        if (!period.ok) throw new CliError(`--period ${o.period} ${period.message}.`);
      }
      const report = await withDatabase('budgets fair-shares', async ({ db }) => {
        try {
          return await loadFairShares(db, { serviceLine: line.value, totalPence: total.value, year: year.value, period: o.period?.trim(), commissioner: o.commissioner?.trim().toUpperCase() });
        } catch (error) {
          if (error instanceof HttpError) throw new CliError(error.message);
          throw error;
        }
      });
      const weighted = (r: { weightedPopulation: Parameters<typeof decimalString>[0] }) => decimalString(r.weightedPopulation, WEIGHTED_PLACES);
      const json = {
        year: year.value, serviceLine: report.serviceLine, period: report.period, commissioner: report.commissioner.code, totalPence: report.totalPence,
        scale: decimalString(report.result.scale, SCALE_PLACES), rounding: ROUNDING_RULE,
        practices: report.practices.map((p) => ({
          practiceCode: p.practiceCode, practiceName: p.practiceName, groupCode: p.groupCode, rawPopulation: p.rawPopulation,
          weightedPopulation: weighted(p), share: decimalString(p.share, SHARE_PLACES), fairSharePence: p.fairSharePence,
        })),
        groups: report.groups.map((g) => ({ groupCode: g.groupCode, practices: g.practices, rawPopulation: g.rawPopulation, weightedPopulation: weighted(g), fairSharePence: g.fairSharePence })),
        total: { practices: report.total.practices, rawPopulation: report.total.rawPopulation, weightedPopulation: weighted(report.total), fairSharePence: report.total.fairSharePence },
        withoutPopulation: report.withoutPopulation,
      };
      output(Boolean(o.json), json, () => [
        `${report.serviceLineLabel} fair shares of ${formatPence(report.totalPence)}, population at ${report.period}, ${report.commissioner.name}`,
        ['practice', 'group', 'raw population', 'weighted population', 'fair share'].join('\t'),
        ...json.practices.map((p) => [p.practiceCode, p.groupCode, p.rawPopulation, p.weightedPopulation, formatPence(p.fairSharePence)].join('\t')),
        ['total', '', json.total.rawPopulation, json.total.weightedPopulation, formatPence(json.total.fairSharePence)].join('\t'),
        ...(report.withoutPopulation.length ? [`no population at ${report.period} (no share): ${report.withoutPopulation.join(', ')}`] : []),
      ]);
    });
  return budgets;
}
