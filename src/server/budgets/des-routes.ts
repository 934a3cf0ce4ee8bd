/**
 * DES payments and invoices' API (FIN-7): payments recorded by finance, split 75/25; invoices
 * against a group's held 25%, entered (invoice.submit), approved or rejected with notes by the
 * board (invoice.approve; never one's own), marked paid by finance; and the pot: held, approved,
 * paid and what is left. A practice sees its own payments and invoices, and its group's pot.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { INVOICE_STATUSES } from '../../domain/budgets/des.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { authorise } from '../auth/context.js';
import { notFound } from '../http/errors.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { Year } from './allowance-routes.js';
import {
  decideDesInvoice, getDesInvoice, invoicesTable, listDesInvoices, listDesPayments, markDesInvoicePaid, potReport, recordDesPayment, submitDesInvoice,
} from './des.js';

const PracticeCode = z.string().trim().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001');
const GroupCode = z.string().trim().min(1).max(20);
const Status = z.enum(INVOICE_STATUSES);
const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('pence');

const PaymentSchema = z.object({
  id: z.number().int(), practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), year: z.string(), description: z.string(),
  amountPence: z.number().int(), paidOn: z.string(),
  directPence: z.number().int().describe('75%, with the odd pennies'), heldPence: z.number().int().describe('25%, rounded down'),
  recordedBy: z.string(), recordedAt: z.string(),
});

const InvoiceSchema = z.object({
  id: z.number().int(), groupCode: z.string(), groupName: z.string(), practiceCode: z.string().nullable(), practiceName: z.string().nullable(), year: z.string(),
  supplier: z.string(), description: z.string(), amountPence: z.number().int(), status: Status, statusLabel: z.string(),
  submittedBy: z.string(), submittedAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), notes: z.string(),
  paidBy: z.string().nullable(), paidAt: z.string().nullable(),
});

const PotFigures = {
  payments: z.number().int(), paymentsPence: z.number().int(), directPence: z.number().int(), heldPence: z.number().int(),
  approvedPence: z.number().int().describe('approved, not yet paid'), paidPence: z.number().int(),
  awaitingPence: z.number().int().describe('submitted, awaiting a decision: not yet taken from the pot'), rejectedPence: z.number().int(),
  remainingPence: z.number().int().describe('held − approved − paid'),
};
const PotSchema = z.object({
  year: z.string(), groupCode: z.string().nullable(), ...PotFigures,
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), ...PotFigures })),
});

/** The group a practice user is limited to (its own practice's), or null for everyone else. */
async function groupScope(db: Db, user: AuthenticatedUser): Promise<string | null> {
  const practiceCode = practiceScope(user);
  if (!practiceCode) return null;
  const found = await db.selectFrom('practice').select('group_code').where('code', '=', practiceCode).executeTakeFirst();
  if (!found) throw notFound();
  return found.group_code;
}

export const desRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/des/payments', {
    schema: {
      tags: ['des'],
      summary: 'DES payments of a year, each split 75% direct and 25% held',
      querystring: z.object({ year: Year, group: GroupCode.optional() }),
      response: { 200: z.array(PaymentSchema), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.view');
    return listDesPayments(db, { year: request.query.year, groupCode: request.query.group ?? null, practiceCode: practiceScope(user) });
  });

  app.post('/api/des/payments', {
    schema: {
      tags: ['des'],
      summary: 'Record a DES payment to a practice (audited)',
      description: 'Held = 25% rounded down to the penny; the practice is paid the rest, so the odd pennies go to it. The held share joins the pot of the practice’s group.',
      body: z.object({ practiceCode: PracticeCode, year: Year, description: z.string().max(500), amountPence: Amount, paidOn: z.string() }),
      response: { 201: PaymentSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage');
    return reply.status(201).send(await recordDesPayment(db, user, request.body));
  });

  app.get('/api/des/pot', {
    schema: {
      tags: ['des'],
      summary: 'The held 25% of DES payments: approved and paid invoices, and what is left',
      description: 'For one group, or for every group (the figures are then the sums of the groups). A practice sees its own group’s.',
      querystring: z.object({ year: Year, group: GroupCode.optional() }),
      response: { 200: PotSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.view');
    const own = await groupScope(db, user);
    if (own && request.query.group && request.query.group !== own) throw notFound();
    return potReport(db, request.query.year, own ?? request.query.group ?? null);
  });

  app.get('/api/des/invoices', {
    schema: {
      tags: ['des'],
      summary: 'Invoices against the held pot (JSON, CSV or XLSX)',
      description: 'A practice sees only the invoices it entered for itself.',
      querystring: z.object({ year: Year.optional(), group: GroupCode.optional(), status: Status.optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      response: { 200: z.array(InvoiceSchema), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.view');
    const { year, group, status, format } = request.query;
    const rows = await listDesInvoices(db, { year, groupCode: group ?? null, status, practiceCode: practiceScope(user) });
    if (format !== 'json') return sendTable(reply, format, invoicesTable(rows, year));
    return rows;
  });

  app.post('/api/des/invoices', {
    schema: {
      tags: ['des'],
      summary: 'Enter an invoice against a group’s held pot (audited)',
      description: 'A practice enters it for itself (its group’s pot); finance names a practice or a group. Refused when more than the pot has left.',
      body: z.object({
        year: Year, practiceCode: PracticeCode.nullable().optional(), groupCode: GroupCode.nullable().optional(),
        supplier: z.string().max(200), description: z.string().max(2000), amountPence: Amount,
      }),
      response: { 201: InvoiceSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'invoice.submit');
    return reply.status(201).send(await submitDesInvoice(db, user, request.body));
  });

  app.post('/api/des/invoices/:id/decision', {
    schema: {
      tags: ['des'],
      summary: 'Approve or reject an invoice, with notes (the board; audited)',
      description: 'Nobody decides on an invoice they entered. A rejection says why. Approval is refused if the pot no longer has enough.',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ decision: z.enum(['approved', 'rejected']), notes: z.string().max(4000).default('') }),
      response: { 200: InvoiceSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'invoice.approve', { type: 'des_invoice', id: String(request.params.id) });
    return decideDesInvoice(db, user, request.params.id, request.body);
  });

  app.post('/api/des/invoices/:id/paid', {
    schema: {
      tags: ['des'],
      summary: 'Record that an approved invoice has been paid (finance; audited)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ notes: z.string().max(2000).default('') }),
      response: { 200: InvoiceSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'des_invoice', id: String(request.params.id) });
    return markDesInvoicePaid(db, user, request.params.id, request.body.notes);
  });

  app.get('/api/des/invoices/:id', {
    schema: {
      tags: ['des'],
      summary: 'One invoice',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { 200: InvoiceSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.view');
    const invoice = await getDesInvoice(db, request.params.id);
    const own = practiceScope(user);
    if (own && invoice.practiceCode !== own) throw notFound('The invoice');
    return invoice;
  });
};
