/** DES payments (FIN-7): the 75/25 split and where the odd penny goes; the pot; the invoice workflow. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DesRuleError, checkInvoiceFits, desPot, invoiceTransition, splitDesPayment, type InvoiceStatus } from './des.js';

describe('splitDesPayment', () => {
  it('holds 25% rounded down and pays the practice the rest, odd pennies included', () => {
    expect(splitDesPayment(400_000)).toEqual({ directPence: 300_000, heldPence: 100_000 });
    expect(splitDesPayment(100_003)).toEqual({ directPence: 75_003, heldPence: 25_000 }); // £1,000.03
    expect(splitDesPayment(1)).toEqual({ directPence: 1, heldPence: 0 });
    expect(splitDesPayment(7)).toEqual({ directPence: 6, heldPence: 1 });
  });

  it('refuses nothing, negative or fractional pence', () => {
    expect(() => splitDesPayment(0)).toThrow(RangeError);
    expect(() => splitDesPayment(-5)).toThrow(RangeError);
    expect(() => splitDesPayment(1.5)).toThrow(RangeError);
  });

  it('always adds up exactly, the held share never above 25% nor a penny or more below it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e13 }), (amount) => {
      const { directPence, heldPence } = splitDesPayment(amount);
      expect(directPence + heldPence).toBe(amount);
      expect(heldPence * 4 <= amount && amount - heldPence * 4 < 4).toBe(true);
    }));
  });
});

describe('the pot', () => {
  const payments = [splitDesPayment(400_000), splitDesPayment(400_003)]; // held 100,000 + 100,000
  const pot = desPot(payments, [
    { amountPence: 50_000, status: 'approved' }, { amountPence: 20_000, status: 'paid' },
    { amountPence: 99_000, status: 'submitted' }, { amountPence: 1_000, status: 'rejected' },
  ]);

  it('is the held 25% less what is approved or paid; awaiting and rejected invoices take nothing', () => {
    expect(pot).toEqual({
      payments: 2, paymentsPence: 800_003, directPence: 600_003, heldPence: 200_000,
      approvedPence: 50_000, paidPence: 20_000, awaitingPence: 99_000, rejectedPence: 1_000, remainingPence: 130_000,
    });
  });

  it('refuses an invoice larger than what is left, saying what is left and why', () => {
    expect(() => checkInvoiceFits(pot, 130_000)).not.toThrow();
    expect(() => checkInvoiceFits(pot, 130_001)).toThrow(
      'The invoice (£1,300.01) is more than the pot has left (£1,300.00): 25% of DES payments held is £2,000.00, of which £700.00 is already approved or paid.');
  });

  it('never goes below zero when only invoices that fit are approved', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 500_000 }), { maxLength: 20 }), (amounts, invoices) => {
      const split = amounts.map(splitDesPayment);
      const approved: { amountPence: number; status: InvoiceStatus }[] = [];
      for (const amountPence of invoices) {
        try {
          checkInvoiceFits(desPot(split, approved), amountPence);
          approved.push({ amountPence, status: 'approved' });
        } catch (error) {
          expect(error).toBeInstanceOf(DesRuleError);
        }
      }
      const final = desPot(split, approved);
      expect(final.remainingPence).toBeGreaterThanOrEqual(0);
      expect(final.remainingPence + final.approvedPence).toBe(final.heldPence);
    }));
  });
});

describe('invoiceTransition', () => {
  const submitted = { status: 'submitted' as const, submittedBy: 'finance' };

  it('approves or rejects a submitted invoice, and pays an approved one', () => {
    expect(invoiceTransition(submitted, 'approve', 'board')).toBe('approved');
    expect(invoiceTransition(submitted, 'reject', 'board', 'Not DES work')).toBe('rejected');
    expect(invoiceTransition({ status: 'approved', submittedBy: 'finance' }, 'pay', 'finance')).toBe('paid');
  });

  it('refuses a decision on one’s own invoice, a rejection without a reason, and any other move', () => {
    expect(() => invoiceTransition(submitted, 'approve', 'finance')).toThrow('You submitted this invoice, so someone else must decide on it.');
    expect(() => invoiceTransition(submitted, 'reject', 'board', '  ')).toThrow('Say why the invoice is rejected.');
    expect(() => invoiceTransition(submitted, 'pay', 'finance')).toThrow('Only an invoice approved can be marked paid; this one is awaiting approval.');
    expect(() => invoiceTransition({ status: 'paid', submittedBy: 'x' }, 'reject', 'board', 'late')).toThrow(/this one is paid/);
  });
});
