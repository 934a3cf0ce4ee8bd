/**
 * `hub activity summary --year 2025/26 [--by practice,provider,month,pod] [--json]`: line counts
 * and cost at tariff (pence) per group — the same totals as the activity page (ACT-5).
 */
import { Option, type Command } from 'commander';
import { parseFinancialYear } from '../../domain/activity/financial-year.js';
import { formatPence } from '../../domain/activity/money.js';
import { activityCost, ACTIVITY_DIMENSIONS, totalOf, type ActivityDimension } from '../../server/activity/monitoring.js';
import { CliError, output, withDatabase } from '../context.js';

export function registerActivity(program: Command) {
  program.command('activity').description('hospital activity')
    .command('summary')
    .description('lines and cost at tariff for a financial year, grouped as asked')
    .requiredOption('--year <year>', 'financial year, e.g. 2025/26')
    .addOption(new Option('--by <dimensions>', `comma-separated: ${ACTIVITY_DIMENSIONS.join(', ')}`).default('provider'))
    .option('--json', 'print the groups as JSON (money in pence)')
    .action(async (o: { year: string; by: string; json?: boolean }) => {
      const year = parseFinancialYear(o.year);
      if (!year.ok) throw new CliError(`--year ${o.year} ${year.message}.`);
      const by = o.by.split(',').map((d) => d.trim()).filter(Boolean);
      const unknown = by.filter((d) => !(ACTIVITY_DIMENSIONS as readonly string[]).includes(d));
      if (unknown.length) throw new CliError(`--by: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a dimension' : 'are not dimensions'}; use ${ACTIVITY_DIMENSIONS.join(', ')}.`);
      const rows = await withDatabase('activity summary', ({ db }) => activityCost(db, { year: year.value }, by as ActivityDimension[]));
      const total = totalOf(rows);
      output(Boolean(o.json), { year: year.value, by, rows, total }, () => [
        [...by, 'lines', 'unpriced', 'cost'].join('\t'),
        ...rows.map((r) => [...by.map((d) => String(r[d as ActivityDimension] ?? '')), r.lines, r.unpricedLines, formatPence(r.costPence)].join('\t')),
        ['total', ...by.slice(1).map(() => ''), total.lines, total.unpricedLines, formatPence(total.costPence)].join('\t'),
      ]);
    });
}
