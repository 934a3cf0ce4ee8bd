/**
 * The commissioning body's running-cost budgets (FIN-9): lines under headings for a year, with
 * what has been spent against each, totals per heading and overall (src/domain/budgets/
 * running-costs.ts). Every change is audited in the transaction that makes it.
 */
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { runningCostTotals, type RunningCostTotals } from '../../domain/budgets/running-costs.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound, type ErrorDetail } from '../http/errors.js';

export interface RunningCostLineView {
  id: number;
  year: string;
  heading: string;
  line: string;
  budgetPence: number;
  spentPence: number;
  remainingPence: number;
  sortOrder: number;
  updatedBy: string;
  updatedAt: string;
}

export interface RunningCostReport extends RunningCostTotals<RunningCostLineView> { year: string }

const lineQuery = (db: Db | Tx) => db.selectFrom('running_cost_line').selectAll();
type LineRow = Awaited<ReturnType<ReturnType<typeof lineQuery>['executeTakeFirstOrThrow']>>;

const toView = (r: LineRow): RunningCostLineView => ({
  id: Number(r.id), year: r.year, heading: r.heading, line: r.line, budgetPence: Number(r.budget_pence), spentPence: Number(r.spent_pence),
  remainingPence: Number(r.budget_pence) - Number(r.spent_pence), sortOrder: r.sort_order, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString(),
});

/** A year's lines under their headings, with totals. */
export async function runningCosts(db: Db | Tx, year: string): Promise<RunningCostReport> {
  const rows = await lineQuery(db).where('year', '=', year).orderBy('sort_order').orderBy('id').execute();
  return { year, ...runningCostTotals(rows.map(toView)) };
}

export interface RunningCostInput {
  year: string;
  heading: string;
  line: string;
  budgetPence: number;
  spentPence: number;
  /** where the line goes; by default after the last line of its heading (or at the end) */
  sortOrder?: number;
}

function check(input: Omit<RunningCostInput, 'year'>): { heading: string; line: string } {
  const heading = input.heading.trim();
  const line = input.line.trim();
  const problems: ErrorDetail[] = [];
  if (!heading) problems.push({ field: 'heading', message: 'Enter the heading the line goes under, like Set-up costs.' });
  else if (heading.length > 200) problems.push({ field: 'heading', message: 'The heading must be 200 characters or fewer.' });
  if (!line) problems.push({ field: 'line', message: 'Enter what the line is for.' });
  else if (line.length > 200) problems.push({ field: 'line', message: 'The line must be 200 characters or fewer.' });
  if (!Number.isSafeInteger(input.budgetPence) || input.budgetPence < 0) problems.push({ field: 'budgetPence', message: 'Enter the budget in pounds, £0 or more.' });
  if (!Number.isSafeInteger(input.spentPence) || input.spentPence < 0) problems.push({ field: 'spentPence', message: 'Enter the amount spent in pounds, £0 or more.' });
  if (problems.length) throw new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : 'The line is not valid.', problems);
  return { heading, line };
}

const duplicate = (year: string, heading: string, line: string) =>
  new HttpError(409, 'line_exists', `There is already a line “${line}” under ${heading} in ${year}.`, [{ field: 'line', message: `There is already a line “${line}” under ${heading}.` }]);

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Adds a line. */
export async function addRunningCostLine(db: Db, user: AuthenticatedUser, input: RunningCostInput): Promise<RunningCostLineView> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot change running costs.');
  const { heading, line } = check(input);
  try {
    return await db.transaction().execute(async (tx) => {
      let sortOrder = input.sortOrder;
      if (sortOrder === undefined) {
        const last = await tx.selectFrom('running_cost_line').select((eb) => eb.fn.max('sort_order').as('max'))
          .where('year', '=', input.year).where('heading', '=', heading).executeTakeFirst();
        const end = await tx.selectFrom('running_cost_line').select((eb) => eb.fn.max('sort_order').as('max')).where('year', '=', input.year).executeTakeFirst();
        sortOrder = (last?.max ?? end?.max ?? 0) + 1;
      }
      const row = await tx.insertInto('running_cost_line').values({
        year: input.year, heading, line, budget_pence: input.budgetPence, spent_pence: input.spentPence, sort_order: sortOrder, updated_by: user.username,
      }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actor: user.username, action: 'running_cost.add', entityType: 'running_cost_line', entityId: String(row.id),
        details: { year: input.year, heading, line, budgetPence: input.budgetPence, spentPence: input.spentPence },
      });
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.year, heading, line);
    throw error;
  }
}

/** Changes a line: its heading, name, budget, spend or place. */
export async function updateRunningCostLine(db: Db, user: AuthenticatedUser, id: number, input: Omit<RunningCostInput, 'year'>): Promise<RunningCostLineView> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot change running costs.');
  const { heading, line } = check(input);
  let year = '';
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await lineQuery(tx).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('The running-cost line');
      year = before.year;
      const row = await tx.updateTable('running_cost_line').set({
        heading, line, budget_pence: input.budgetPence, spent_pence: input.spentPence, sort_order: input.sortOrder ?? before.sort_order,
        updated_by: user.username, updated_at: new Date(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, {
        actor: user.username, action: 'running_cost.update', entityType: 'running_cost_line', entityId: String(id),
        details: { year: before.year, before: { heading: before.heading, line: before.line, budgetPence: Number(before.budget_pence), spentPence: Number(before.spent_pence) },
          after: { heading, line, budgetPence: input.budgetPence, spentPence: input.spentPence } },
      });
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(year, heading, line);
    throw error;
  }
}

/** Removes a line (entered in error). */
export async function deleteRunningCostLine(db: Db, user: AuthenticatedUser, id: number): Promise<void> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot change running costs.');
  await db.transaction().execute(async (tx) => {
    const before = await tx.deleteFrom('running_cost_line').where('id', '=', id).returningAll().executeTakeFirst();
    if (!before) throw notFound('The running-cost line');
    await recordAudit(tx, {
      actor: user.username, action: 'running_cost.delete', entityType: 'running_cost_line', entityId: String(id),
      details: { year: before.year, heading: before.heading, line: before.line, budgetPence: Number(before.budget_pence), spentPence: Number(before.spent_pence) },
    });
  });
}

type Row = { kind: 'line'; l: RunningCostLineView } | { kind: 'heading'; heading: string; budgetPence: number; spentPence: number } | { kind: 'total'; budgetPence: number; spentPence: number };

/** The lines under their headings, each heading followed by its total, and the overall total (CSV/XLSX). */
export function runningCostsTable(report: RunningCostReport): ExportTable<Row> {
  const rows: Row[] = report.headings.flatMap((h): Row[] => [
    ...h.lines.map((l): Row => ({ kind: 'line', l })),
    { kind: 'heading', heading: h.heading, budgetPence: h.budgetPence, spentPence: h.spentPence },
  ]);
  rows.push({ kind: 'total', budgetPence: report.budgetPence, spentPence: report.spentPence });
  const money = (r: Row, k: 'budgetPence' | 'spentPence') => (r.kind === 'line' ? r.l[k] : r[k]);
  return {
    fileName: `running-costs-${report.year.replace('/', '-')}`,
    sheetName: 'Running costs',
    title: [`Running costs of the commissioning body, ${report.year}`],
    columns: [
      { header: 'Heading', value: (r) => (r.kind === 'line' ? r.l.heading : r.kind === 'heading' ? `Total: ${r.heading}` : 'Total'), width: 36 },
      { header: 'Line', value: (r) => (r.kind === 'line' ? r.l.line : null), width: 40 },
      { header: 'Budget (£)', kind: 'pence', value: (r) => money(r, 'budgetPence'), width: 14 },
      { header: 'Spent (£)', kind: 'pence', value: (r) => money(r, 'spentPence'), width: 14 },
      { header: 'Remaining (£)', kind: 'pence', value: (r) => money(r, 'budgetPence') - money(r, 'spentPence'), width: 14 },
    ],
    rows,
  };
}
