/**
 * `hub allowances --year 2025/26 [--json]`: each practice's allowances and incentives for a year
 * (FIN-6) — every scheme's amount, whether it is earned, and the practice's totals — the same
 * figures as the allowances page and GET /api/allowances. JSON money is in pence.
 */
import type { Command } from 'commander';
import { parseFinancialYear } from '../../domain/activity/financial-year.js';
import { formatPence } from '../../domain/activity/money.js';
import type { AllowanceStatus } from '../../domain/budgets/allowances.js';
import { allowanceReport } from '../../server/budgets/allowances.js';
import { CliError, output, withDatabase } from '../context.js';

export function registerAllowances(program: Command) {
  program.command('allowances')
    .description('each practice’s allowances and incentives for a financial year')
    .requiredOption('--year <year>', 'financial year, e.g. 2025/26')
    .option('--json', 'print the allowances as JSON (money in pence)')
    .action(async (o: { year: string; json?: boolean }) => {
      const year = parseFinancialYear(o.year);
      if (!year.ok) throw new CliError(`--year ${o.year} ${year.message}.`);
      const report = await withDatabase('allowances', ({ db }) => allowanceReport(db, year.value));
      const json = {
        year: report.year,
        schemes: report.schemes.map((s) => ({ code: s.code, name: s.name })),
        serviceBudgetNote: report.serviceBudgetNote,
        practices: report.practices.map((p) => ({
          practiceCode: p.practiceCode, practiceName: p.practiceName, groupCode: p.groupCode, participating: p.participating, joinedOn: p.joinedOn,
          serviceBudgetPence: p.serviceBudgetPence,
          lines: p.lines.map((l) => ({ schemeCode: l.schemeCode, amountPence: l.amountPence, status: l.status, missing: l.missing, waitingFor: l.waitingFor })),
          earnedPence: p.earnedPence, notYetEarnedPence: p.notYetEarnedPence,
        })),
        totals: report.totals,
      };
      // Text: a column per scheme; an amount not yet earned is marked *, one that does not apply is -.
      const cell = (l: { amountPence: number; status: AllowanceStatus }) =>
        l.status === 'not_applicable' ? '-' : `${formatPence(l.amountPence)}${l.status === 'not_yet_earned' ? '*' : ''}`;
      output(Boolean(o.json), json, () => [
        ...(report.serviceBudgetNote ? [report.serviceBudgetNote] : []),
        ['practice', 'name', 'joined', ...report.schemes.map((s) => s.code), 'earned', 'not yet earned'].join('\t'),
        ...report.practices.map((p) => [
          p.practiceCode, p.practiceName, p.joinedOn ?? 'not taking part',
          ...report.schemes.map((s) => { const l = p.lines.find((x) => x.schemeCode === s.code); return l ? cell(l) : '-'; }),
          formatPence(p.earnedPence), formatPence(p.notYetEarnedPence),
        ].join('\t')),
        ['total', `${report.totals.participating} of ${report.totals.practices} taking part`, '',
          ...report.totals.bySchemes.map((s) => formatPence(s.earnedPence)), formatPence(report.totals.earnedPence), formatPence(report.totals.notYetEarnedPence)].join('\t'),
        '* not yet earned (a condition is missing); - does not apply',
      ]);
    });
}
