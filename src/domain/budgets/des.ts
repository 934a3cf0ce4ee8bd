/**
 * DES payments and the held pot (FIN-7; seed 004, Appendix 4): 75% of each DES payment is paid
 * direct to the practice and 25% is held by the commissioner, to pay invoices the consortium
 * approves. The pot of a group in a year is the held share of its practices' payments less the
 * invoices approved or paid from it; an invoice may never take more than the pot has left.
 *
 * Rounding: the held share is 25% rounded DOWN to the penny and the practice gets the rest
 * (direct = amount − held), so the odd pennies go to the practice and direct + held is always
 * exactly the payment. £1,000.03 → held £250.00, direct £750.03.
 *
 * Pure: no I/O.
 */

export const DES_HELD_PERCENT = 25;

export interface DesSplit { directPence: number; heldPence: number }

/** A payment's split: held = floor(25% of it), direct = the rest. */
export function splitDesPayment(amountPence: number): DesSplit {
  if (!Number.isSafeInteger(amountPence) || amountPence <= 0) throw new RangeError(`A DES payment must be a whole number of pence above 0 (got ${amountPence}).`);
  const heldPence = Math.floor((amountPence * DES_HELD_PERCENT) / 100);
  return { directPence: amountPence - heldPence, heldPence };
}

export const INVOICE_STATUSES = ['submitted', 'approved', 'rejected', 'paid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  submitted: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  paid: 'Paid',
};

/** An invoice's amount counts against the pot once approved, and stays counted when paid. */
export const drawsOnPot = (status: InvoiceStatus) => status === 'approved' || status === 'paid';

export interface DesPot {
  /** DES payments recorded */
  payments: number;
  paymentsPence: number;
  /** paid direct to practices (75%, with the odd pennies) */
  directPence: number;
  /** held by the commissioner (25%, rounded down) */
  heldPence: number;
  /** approved and not yet paid */
  approvedPence: number;
  paidPence: number;
  /** submitted and awaiting a decision: not yet taken from the pot */
  awaitingPence: number;
  rejectedPence: number;
  /** held − approved − paid */
  remainingPence: number;
}

/** The pot from its payments and invoices. */
export function desPot(payments: readonly DesSplit[], invoices: readonly { amountPence: number; status: InvoiceStatus }[]): DesPot {
  const sum = (status: InvoiceStatus) => invoices.filter((i) => i.status === status).reduce((n, i) => n + i.amountPence, 0);
  const heldPence = payments.reduce((n, p) => n + p.heldPence, 0);
  const directPence = payments.reduce((n, p) => n + p.directPence, 0);
  const approvedPence = sum('approved');
  const paidPence = sum('paid');
  return {
    payments: payments.length,
    paymentsPence: heldPence + directPence,
    directPence,
    heldPence,
    approvedPence,
    paidPence,
    awaitingPence: sum('submitted'),
    rejectedPence: sum('rejected'),
    remainingPence: heldPence - approvedPence - paidPence,
  };
}

/** A rule of the DES pot broken, in words people can act on. */
export class DesRuleError extends Error {
  constructor(readonly code: 'exceeds_pot' | 'invalid_transition' | 'own_invoice' | 'notes_required', message: string, readonly field?: string) {
    super(message);
    this.name = 'DesRuleError';
  }
}

const pounds = (pence: number) => `${pence < 0 ? '-' : ''}£${Math.floor(Math.abs(pence) / 100).toLocaleString('en-GB')}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;

/** Refuses an invoice larger than what the pot has left (checked on entry and again on approval). */
export function checkInvoiceFits(pot: DesPot, amountPence: number): void {
  if (amountPence > pot.remainingPence) {
    throw new DesRuleError('exceeds_pot',
      `The invoice (${pounds(amountPence)}) is more than the pot has left (${pounds(pot.remainingPence)}): `
      + `${DES_HELD_PERCENT}% of DES payments held is ${pounds(pot.heldPence)}, of which ${pounds(pot.approvedPence + pot.paidPence)} is already approved or paid.`,
      'amountPence');
  }
}

export type InvoiceAction = 'approve' | 'reject' | 'pay';

const NEXT: Record<InvoiceAction, { from: InvoiceStatus; to: InvoiceStatus }> = {
  approve: { from: 'submitted', to: 'approved' },
  reject: { from: 'submitted', to: 'rejected' },
  pay: { from: 'approved', to: 'paid' },
};

/**
 * The status an action moves an invoice to: submitted → approved or rejected (by someone other
 * than who submitted it; a rejection says why); approved → paid. Anything else is refused.
 */
export function invoiceTransition(invoice: { status: InvoiceStatus; submittedBy: string }, action: InvoiceAction, actor: string, notes = ''): InvoiceStatus {
  const step = NEXT[action];
  if (invoice.status !== step.from) {
    const verb = { approve: 'approved', reject: 'rejected', pay: 'marked paid' }[action];
    throw new DesRuleError('invalid_transition', `Only an invoice ${INVOICE_STATUS_LABELS[step.from].toLowerCase()} can be ${verb}; this one is ${INVOICE_STATUS_LABELS[invoice.status].toLowerCase()}.`);
  }
  if ((action === 'approve' || action === 'reject') && invoice.submittedBy === actor) {
    throw new DesRuleError('own_invoice', 'You submitted this invoice, so someone else must decide on it.');
  }
  if (action === 'reject' && !notes.trim()) throw new DesRuleError('notes_required', 'Say why the invoice is rejected.', 'notes');
  return step.to;
}
