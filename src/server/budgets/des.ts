/**
 * DES payments and the invoices paid from their held share (FIN-7). A payment is recorded against
 * a practice and split once (src/domain/budgets/des.ts: held = 25% rounded down, the odd penny to
 * the practice); the held share goes to the pot of the practice's group for the year. Invoices
 * against a group's pot are entered by finance or by a practice, approved or rejected (with notes)
 * by the consortium's board — never by whoever entered them — and marked paid by finance. An
 * invoice larger than what the pot has left is refused on entry and again on approval; approvals
 * of one group's invoices are serialised so two cannot together overdraw the pot.
 *
 * Every change is audited in the transaction that makes it.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { financialYearBounds } from '../../domain/activity/financial-year.js';
import { isIsoDate } from '../../domain/budgets/allowances.js';
import {
  DesRuleError, INVOICE_STATUS_LABELS, checkInvoiceFits, desPot, invoiceTransition, splitDesPayment, type DesPot, type InvoiceStatus,
} from '../../domain/budgets/des.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';

const POT_LOCK = 727_008;

/** A domain rule broken, as the API's error: 409 for the workflow, 422 for a value. */
export function desHttpError(error: DesRuleError): HttpError {
  const status = error.code === 'invalid_transition' || error.code === 'own_invoice' ? 409 : 422;
  return new HttpError(status, error.code, error.message, [{ ...(error.field ? { field: error.field } : {}), message: error.message }]);
}

async function withRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DesRuleError) throw desHttpError(error);
    throw error;
  }
}

const lockPot = (tx: Tx, year: string, groupCode: string) => sql`select pg_advisory_xact_lock(${POT_LOCK}, hashtext(${`${year} ${groupCode}`}))`.execute(tx);

// ── Payments ────────────────────────────────────────────────────────────────────────────────────

export interface DesPaymentInput { practiceCode: string; year: string; description: string; amountPence: number; paidOn: string }

export interface DesPaymentView {
  id: number;
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  year: string;
  description: string;
  amountPence: number;
  paidOn: string;
  directPence: number;
  heldPence: number;
  recordedBy: string;
  recordedAt: string;
}

const paymentQuery = (db: Db | Tx) => db.selectFrom('des_payment as d').innerJoin('practice as p', 'p.code', 'd.practice_code')
  .select(['d.id', 'd.practice_code', 'p.name as practice_name', 'd.group_code', 'd.year', 'd.description', 'd.amount_pence', 'd.paid_on',
    'd.direct_pence', 'd.held_pence', 'd.recorded_by', 'd.recorded_at']);

type PaymentRow = Awaited<ReturnType<ReturnType<typeof paymentQuery>['executeTakeFirstOrThrow']>>;

const toPayment = (r: PaymentRow): DesPaymentView => ({
  id: Number(r.id), practiceCode: r.practice_code, practiceName: r.practice_name, groupCode: r.group_code, year: r.year, description: r.description,
  amountPence: Number(r.amount_pence), paidOn: r.paid_on, directPence: Number(r.direct_pence), heldPence: Number(r.held_pence),
  recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
});

export interface DesFilters { year?: string; groupCode?: string | null; practiceCode?: string | null; status?: InvoiceStatus }

export async function listDesPayments(db: Db | Tx, filters: DesFilters = {}): Promise<DesPaymentView[]> {
  let q = paymentQuery(db).orderBy('d.paid_on').orderBy('d.id');
  if (filters.year) q = q.where('d.year', '=', filters.year);
  if (filters.groupCode) q = q.where('d.group_code', '=', filters.groupCode);
  if (filters.practiceCode) q = q.where('d.practice_code', '=', filters.practiceCode);
  return (await q.execute()).map(toPayment);
}

/** Records a DES payment to a practice, split 75/25; the held share joins its group's pot. */
export async function recordDesPayment(db: Db, user: AuthenticatedUser, input: DesPaymentInput): Promise<DesPaymentView> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot record DES payments.');
  const description = input.description.trim();
  const problems = [];
  if (!description) problems.push({ field: 'description', message: 'Say what the payment is for.' });
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) problems.push({ field: 'amountPence', message: 'Enter an amount above £0.' });
  const { from, until } = financialYearBounds(input.year);
  if (!isIsoDate(input.paidOn)) problems.push({ field: 'paidOn', message: 'Enter the date it was paid, like 2025-06-30.' });
  else if (input.paidOn < from || input.paidOn >= until) problems.push({ field: 'paidOn', message: `The date paid must be in ${input.year}.` });
  if (problems.length) throw new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : 'The payment is not valid.', problems);
  const split = splitDesPayment(input.amountPence);
  return db.transaction().execute(async (tx) => {
    const practice = await tx.selectFrom('practice').select(['code', 'group_code']).where('code', '=', input.practiceCode).executeTakeFirst();
    if (!practice) throw notFound(`The practice ${input.practiceCode}`);
    const row = await tx.insertInto('des_payment').values({
      practice_code: practice.code, group_code: practice.group_code, year: input.year, description, amount_pence: input.amountPence, paid_on: input.paidOn,
      direct_pence: split.directPence, held_pence: split.heldPence, recorded_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor: user.username, action: 'des.payment', entityType: 'des_payment', entityId: String(row.id),
      details: { practiceCode: practice.code, groupCode: practice.group_code, year: input.year, amountPence: input.amountPence, ...split, paidOn: input.paidOn, description },
    });
    return toPayment(await paymentQuery(tx).where('d.id', '=', Number(row.id)).executeTakeFirstOrThrow());
  });
}

// ── The pot ─────────────────────────────────────────────────────────────────────────────────────

export interface GroupPot extends DesPot { groupCode: string; groupName: string }

export interface PotReport extends DesPot {
  year: string;
  /** the group asked for, or null for every group */
  groupCode: string | null;
  /** each group's pot; the figures above are their sums */
  groups: GroupPot[];
}

/** The pot of one group (or of every group, with each group's) for a year. */
export async function potReport(db: Db | Tx, year: string, groupCode: string | null = null): Promise<PotReport> {
  let groupQuery = db.selectFrom('org_group').select(['code', 'name']).orderBy('code');
  if (groupCode) groupQuery = groupQuery.where('code', '=', groupCode);
  const groups = await groupQuery.execute();
  if (groupCode && !groups.length) throw notFound(`The group ${groupCode}`);
  let payments = db.selectFrom('des_payment').select(['group_code', 'direct_pence', 'held_pence']).where('year', '=', year);
  let invoices = db.selectFrom('des_invoice').select(['group_code', 'amount_pence', 'status']).where('year', '=', year);
  if (groupCode) {
    payments = payments.where('group_code', '=', groupCode);
    invoices = invoices.where('group_code', '=', groupCode);
  }
  const [paymentRows, invoiceRows] = await Promise.all([payments.execute(), invoices.execute()]);
  const potOf = (code: string | null) => desPot(
    paymentRows.filter((p) => code === null || p.group_code === code).map((p) => ({ directPence: Number(p.direct_pence), heldPence: Number(p.held_pence) })),
    invoiceRows.filter((i) => code === null || i.group_code === code).map((i) => ({ amountPence: Number(i.amount_pence), status: i.status })),
  );
  const perGroup = groups.map((g): GroupPot => ({ groupCode: g.code, groupName: g.name, ...potOf(g.code) }));
  return { year, groupCode, ...potOf(null), groups: perGroup };
}

// ── Invoices ────────────────────────────────────────────────────────────────────────────────────

export interface DesInvoiceInput {
  year: string;
  /** the practice the invoice is from (a practice user's own); its group's pot pays it */
  practiceCode?: string | null;
  /** the group whose pot pays it, when no practice is given */
  groupCode?: string | null;
  supplier: string;
  description: string;
  amountPence: number;
}

export interface DesInvoiceView {
  id: number;
  groupCode: string;
  groupName: string;
  practiceCode: string | null;
  practiceName: string | null;
  year: string;
  supplier: string;
  description: string;
  amountPence: number;
  status: InvoiceStatus;
  statusLabel: string;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  notes: string;
  paidBy: string | null;
  paidAt: string | null;
}

const invoiceQuery = (db: Db | Tx) => db.selectFrom('des_invoice as i')
  .innerJoin('org_group as g', 'g.code', 'i.group_code')
  .leftJoin('practice as p', 'p.code', 'i.practice_code')
  .select(['i.id', 'i.group_code', 'g.name as group_name', 'i.practice_code', 'p.name as practice_name', 'i.year', 'i.supplier', 'i.description', 'i.amount_pence',
    'i.status', 'i.submitted_by', 'i.submitted_at', 'i.decided_by', 'i.decided_at', 'i.notes', 'i.paid_by', 'i.paid_at']);

type InvoiceRow = Awaited<ReturnType<ReturnType<typeof invoiceQuery>['executeTakeFirstOrThrow']>>;

const toInvoice = (r: InvoiceRow): DesInvoiceView => ({
  id: Number(r.id), groupCode: r.group_code, groupName: r.group_name, practiceCode: r.practice_code, practiceName: r.practice_name ?? null, year: r.year,
  supplier: r.supplier, description: r.description, amountPence: Number(r.amount_pence), status: r.status, statusLabel: INVOICE_STATUS_LABELS[r.status],
  submittedBy: r.submitted_by, submittedAt: r.submitted_at.toISOString(), decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null,
  notes: r.notes, paidBy: r.paid_by, paidAt: r.paid_at?.toISOString() ?? null,
});

export async function listDesInvoices(db: Db | Tx, filters: DesFilters = {}): Promise<DesInvoiceView[]> {
  let q = invoiceQuery(db).orderBy('i.submitted_at', 'desc').orderBy('i.id', 'desc');
  if (filters.year) q = q.where('i.year', '=', filters.year);
  if (filters.groupCode) q = q.where('i.group_code', '=', filters.groupCode);
  if (filters.practiceCode) q = q.where('i.practice_code', '=', filters.practiceCode);
  if (filters.status) q = q.where('i.status', '=', filters.status);
  return (await q.execute()).map(toInvoice);
}

export async function getDesInvoice(db: Db | Tx, id: number): Promise<DesInvoiceView> {
  const row = await invoiceQuery(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The invoice');
  return toInvoice(row);
}

/**
 * Enters an invoice against a group's pot. A practice user enters it for its own practice (and so
 * its group); others name a practice or a group. Refused when larger than what the pot has left.
 */
export async function submitDesInvoice(db: Db, user: AuthenticatedUser, input: DesInvoiceInput): Promise<DesInvoiceView> {
  const practiceCode = user.role === 'practice' ? (input.practiceCode ?? user.practiceCode) : (input.practiceCode ?? null);
  if (!can(user, 'invoice.submit', practiceCode ? { practiceCode } : {})) throw user.role === 'practice' ? notFound() : forbidden('Your role cannot enter invoices.');
  const supplier = input.supplier.trim();
  const description = input.description.trim();
  const problems = [];
  if (!supplier) problems.push({ field: 'supplier', message: 'Enter who the invoice is from.' });
  if (!description) problems.push({ field: 'description', message: 'Say what the invoice is for.' });
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) problems.push({ field: 'amountPence', message: 'Enter an amount above £0.' });
  if (!practiceCode && !input.groupCode) problems.push({ field: 'groupCode', message: 'Choose the group whose pot pays the invoice, or the practice it is from.' });
  if (problems.length) throw new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : 'The invoice is not valid.', problems);

  return withRules(() => db.transaction().execute(async (tx) => {
    let groupCode = input.groupCode ?? null;
    if (practiceCode) {
      const practice = await tx.selectFrom('practice').select('group_code').where('code', '=', practiceCode).executeTakeFirst();
      if (!practice) throw notFound(`The practice ${practiceCode}`);
      if (groupCode && groupCode !== practice.group_code) {
        throw new HttpError(422, 'invalid_request', `${practiceCode} is in group ${practice.group_code}, not ${groupCode}.`, [{ field: 'groupCode', message: `${practiceCode} is in group ${practice.group_code}.` }]);
      }
      groupCode = practice.group_code;
    }
    await lockPot(tx, input.year, groupCode!);
    checkInvoiceFits(await potReport(tx, input.year, groupCode), input.amountPence);
    const row = await tx.insertInto('des_invoice').values({
      group_code: groupCode!, practice_code: practiceCode, year: input.year, supplier, description, amount_pence: input.amountPence, submitted_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor: user.username, action: 'des.invoice.submit', entityType: 'des_invoice', entityId: String(row.id),
      details: { groupCode, practiceCode, year: input.year, supplier, amountPence: input.amountPence },
    });
    return getDesInvoice(tx, Number(row.id));
  }));
}

export type InvoiceDecision = 'approved' | 'rejected';

/**
 * The board's decision on an invoice: approved (it comes off the pot; refused if the pot no longer
 * has enough) or rejected (notes say why). Never by whoever entered the invoice.
 */
export async function decideDesInvoice(db: Db, user: AuthenticatedUser, id: number, decision: { decision: InvoiceDecision; notes: string }): Promise<DesInvoiceView> {
  if (!can(user, 'invoice.approve')) throw forbidden('Only the consortium’s board can approve or reject invoices.');
  const notes = decision.notes.trim();
  return withRules(() => db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('des_invoice').select(['group_code', 'year']).where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('The invoice');
    await lockPot(tx, found.year, found.group_code);
    const invoice = await tx.selectFrom('des_invoice').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const to = invoiceTransition({ status: invoice.status, submittedBy: invoice.submitted_by }, decision.decision === 'approved' ? 'approve' : 'reject', user.username, notes);
    const amountPence = Number(invoice.amount_pence);
    if (to === 'approved') checkInvoiceFits(await potReport(tx, invoice.year, invoice.group_code), amountPence);
    await tx.updateTable('des_invoice').set({ status: to, decided_by: user.username, decided_at: new Date(), notes }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'des.invoice.decide', entityType: 'des_invoice', entityId: String(id),
      details: { from: invoice.status, to, notes, groupCode: invoice.group_code, year: invoice.year, amountPence, submittedBy: invoice.submitted_by },
    });
    return getDesInvoice(tx, id);
  }));
}

/** Finance records that an approved invoice has been paid (notes added to the decision's). */
export async function markDesInvoicePaid(db: Db, user: AuthenticatedUser, id: number, paidNotes = ''): Promise<DesInvoiceView> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot mark invoices paid.');
  return withRules(() => db.transaction().execute(async (tx) => {
    const invoice = await tx.selectFrom('des_invoice').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!invoice) throw notFound('The invoice');
    const to = invoiceTransition({ status: invoice.status, submittedBy: invoice.submitted_by }, 'pay', user.username);
    const extra = paidNotes.trim();
    const notes = extra ? [invoice.notes, `Paid: ${extra}`].filter(Boolean).join('\n') : invoice.notes;
    await tx.updateTable('des_invoice').set({ status: to, paid_by: user.username, paid_at: new Date(), notes }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'des.invoice.paid', entityType: 'des_invoice', entityId: String(id),
      details: { groupCode: invoice.group_code, year: invoice.year, amountPence: Number(invoice.amount_pence), notes: extra },
    });
    return getDesInvoice(tx, id);
  }));
}

/** The invoices as a download (CSV or XLSX). */
export function invoicesTable(rows: DesInvoiceView[], year: string | undefined): ExportTable<DesInvoiceView> {
  return {
    fileName: `des-invoices${year ? `-${year.replace('/', '-')}` : ''}`,
    sheetName: 'DES invoices',
    title: [`Invoices against the held 25% of DES payments${year ? `, ${year}` : ''}`],
    columns: [
      { header: 'Invoice', kind: 'integer', value: (r) => r.id, width: 8 },
      { header: 'Year', value: (r) => r.year, width: 8 },
      { header: 'Group', value: (r) => r.groupName, width: 30 },
      { header: 'Practice', value: (r) => (r.practiceCode ? `${r.practiceName ?? ''} (${r.practiceCode})` : null), width: 30 },
      { header: 'Supplier', value: (r) => r.supplier, width: 24 },
      { header: 'Description', value: (r) => r.description, width: 40 },
      { header: 'Amount (£)', kind: 'pence', value: (r) => r.amountPence, width: 14 },
      { header: 'Status', value: (r) => r.statusLabel, width: 16 },
      { header: 'Submitted by', value: (r) => r.submittedBy, width: 16 },
      { header: 'Submitted', kind: 'date', value: (r) => r.submittedAt.slice(0, 10), width: 12 },
      { header: 'Decided by', value: (r) => r.decidedBy, width: 16 },
      { header: 'Decided', kind: 'date', value: (r) => r.decidedAt?.slice(0, 10) ?? null, width: 12 },
      { header: 'Notes', value: (r) => r.notes || null, width: 40 },
    ],
    rows,
  };
}
