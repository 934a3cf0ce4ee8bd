import { describe, expect, it } from 'vitest';
import { isBenefitPastDue, isOverdue, longDate, milestoneSentence, paymentState, type PaymentMilestone } from './milestones.js';

describe('milestones', () => {
  it('is overdue when due before today and not delivered', () => {
    expect(isOverdue({ dueOn: '2026-06-30', status: 'in_progress' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ dueOn: '2026-06-30', status: 'missed' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ dueOn: '2026-06-30', status: 'not_started' }, '2026-06-30')).toBe(false);
    expect(isOverdue({ dueOn: '2026-06-30', status: 'delivered' }, '2027-01-01')).toBe(false);
  });

  it('reads as "by [date] we will deliver [item]"', () => {
    expect(longDate('2027-03-31')).toBe('31 March 2027');
    expect(milestoneSentence('2027-03-31', 'A GP in A&E four sessions a week. ')).toBe('By 31 March 2027 we will deliver a GP in A&E four sessions a week.');
  });
});

describe('the payment milestones (FIN-6: milestones, not savings)', () => {
  const m = (deliverable: string, triggersPayment: boolean, status: PaymentMilestone['status'], evidence = ''): PaymentMilestone =>
    ({ dueOn: '2026-09-30', deliverable, triggersPayment, status, evidence });

  it('is met when every payment milestone is delivered, whatever the others', () => {
    const state = paymentState('2026/27', [m('Triage rota', true, 'delivered', 'Rota published'), m('Register', true, 'delivered', 'Register of 40'), m('Leaflet', false, 'not_started')]);
    expect(state).toMatchObject({ total: 2, delivered: 2, met: true });
    expect(state.evidence).toBe('All 2 payment milestones of the 2026/27 plan delivered: By 30 September 2026 we will deliver triage rota (evidence: Rota published); '
      + 'By 30 September 2026 we will deliver register (evidence: Register of 40).');
  });

  it('is not met while one is not delivered, nor with no payment milestones at all', () => {
    expect(paymentState('2026/27', [m('Triage rota', true, 'delivered', 'x'), m('Register', true, 'in_progress')])).toMatchObject({
      met: false, total: 2, delivered: 1, evidence: '1 of 2 payment milestones of the 2026/27 plan delivered; not yet: By 30 September 2026 we will deliver register.',
    });
    expect(paymentState('2026/27', [m('Leaflet', false, 'delivered', 'x')])).toMatchObject({ met: false, total: 0, evidence: 'The 2026/27 plan has no payment milestones.' });
  });
});

describe('portfolio benefits', () => {
  it('are past due when their date has gone and they are not realised', () => {
    expect(isBenefitPastDue({ dueOn: '2026-03-31', status: 'on_track' }, '2026-04-01')).toBe(true);
    expect(isBenefitPastDue({ dueOn: '2026-03-31', status: 'not_realised' }, '2026-04-01')).toBe(true);
    expect(isBenefitPastDue({ dueOn: '2026-03-31', status: 'realised' }, '2026-04-01')).toBe(false);
    expect(isBenefitPastDue({ dueOn: '2026-04-01', status: 'expected' }, '2026-04-01')).toBe(false);
    expect(isBenefitPastDue({ dueOn: null, status: 'expected' }, '2030-01-01')).toBe(false);
  });
});
