import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, MAX_MODEL_PENCE, allowedTransitions, financialModel, statusChange, type Payback } from './business-case.js';

const year = (yearIndex: number, costPence: number, releasedPence: number) => ({ yearIndex, costPence, releasedPence });

describe('the financial model', () => {
  it('works out net, cumulative position, totals and payback (hand-computed)', () => {
    // £10,000 up front; year 1 costs £20,000 and releases £26,000 (net £6,000: position −£4,000);
    // year 2 nets £8,000: the £4,000 deficit is half of it, so 12 × 4/8 = 6 months exactly.
    const m = financialModel(1_000_000, [year(1, 2_000_000, 2_600_000), year(2, 2_000_000, 2_800_000), year(3, 2_000_000, 2_800_000)]);
    expect(m.years.map((y) => [y.yearIndex, y.netPence, y.cumulativePence])).toEqual([[1, 600_000, -400_000], [2, 800_000, 400_000], [3, 800_000, 1_200_000]]);
    expect(m).toMatchObject({ horizonYears: 3, totalCostPence: 7_000_000, totalReleasedPence: 8_200_000, netTotalPence: 1_200_000 });
    expect(m.payback).toEqual({ kind: 'pays_back', year: 2, month: 6, monthsFromStart: 18 });
    expect(m.paybackLabel).toBe('Pays back in year 2, month 6 (18 months from the start)');
  });

  it('rounds a part month up: a penny more deficit is the next month', () => {
    // deficit 400,001 of a net 800,000: 12 × 400,001 / 800,000 = 6.000015 → month 7.
    expect(financialModel(400_001, [year(1, 0, 800_000)]).payback).toEqual({ kind: 'pays_back', year: 1, month: 7, monthsFromStart: 7 });
    // a deficit of 1p against £12,000 a year is still paid back in month 1, never month 0.
    expect(financialModel(1, [year(1, 0, 1_200_000)]).payback).toMatchObject({ year: 1, month: 1 });
    // paid back on the last day of the year is month 12.
    expect(financialModel(1_200_000, [year(1, 0, 1_200_000)]).payback).toMatchObject({ year: 1, month: 12 });
  });

  it('counts missing years as nothing and the position at zero as paid back', () => {
    const m = financialModel(500_000, [year(3, 0, 500_000)]);
    expect(m.years.map((y) => y.cumulativePence)).toEqual([-500_000, -500_000, 0]);
    expect(m.payback).toEqual({ kind: 'pays_back', year: 3, month: 12, monthsFromStart: 36 });
  });

  it('says when it does not pay back, when there is nothing to pay back, and when there are no figures', () => {
    expect(financialModel(1_000_000, [year(1, 100, 200), year(2, 100, 200)])).toMatchObject({ payback: { kind: 'not_within', years: 2 }, paybackLabel: 'Not paid back within 2 years', netTotalPence: -999_800 });
    expect(financialModel(100, []).paybackLabel).toBe('Not paid back: no years are modelled yet');
    expect(financialModel(0, [year(1, 100, 300)]).payback).toEqual({ kind: 'nothing_to_pay_back' });
    expect(financialModel(0, []).payback).toEqual({ kind: 'no_figures' });
    expect(financialModel(0, [year(1, 0, 0), year(2, 0, 0)]).payback).toEqual({ kind: 'no_figures' });
    // no up-front money but a first year in deficit: that deficit is what pays back.
    expect(financialModel(0, [year(1, 1_000, 0), year(2, 0, 4_000)]).payback).toEqual({ kind: 'pays_back', year: 2, month: 3, monthsFromStart: 15 });
  });

  it('refuses figures that are not whole pence, negative, too large, or years out of range', () => {
    expect(() => financialModel(1.5, [])).toThrow(/whole number of pence/);
    expect(() => financialModel(0, [year(1, -1, 0)])).toThrow(/cost of year 1/);
    expect(() => financialModel(MAX_MODEL_PENCE + 1, [])).toThrow(RangeError);
    expect(() => financialModel(0, [year(11, 0, 0)])).toThrow(/1 to 10/);
    expect(() => financialModel(0, [year(2, 0, 0), year(2, 1, 1)])).toThrow(/twice/);
  });
});

const pence = fc.integer({ min: 0, max: 5_000_000_000 });
const modelYears = fc.array(fc.record({ costPence: pence, releasedPence: pence }), { minLength: 1, maxLength: 10 })
  .map((ys) => ys.map((y, i) => ({ yearIndex: i + 1, ...y })));

/** When the money is back, in months (0: nothing to pay back; never: Infinity). */
const paybackMonths = (p: Payback) => (p.kind === 'pays_back' ? p.monthsFromStart : p.kind === 'not_within' ? Infinity : 0);

describe('the financial model (properties)', () => {
  it('adds up: the last position is released − costs − up-front, and each year moves it by its net', () => {
    fc.assert(fc.property(pence, modelYears, (upfront, ys) => {
      const m = financialModel(upfront, ys);
      expect(m.netTotalPence).toBe(m.totalReleasedPence - m.totalCostPence);
      let position = -upfront;
      for (const y of m.years) {
        position += y.releasedPence - y.costPence;
        expect(y.cumulativePence).toBe(position);
      }
      expect(m.netTotalPence).toBe(position);
    }));
  });

  it('never pays back when released resources never exceed the costs and something was spent', () => {
    fc.assert(fc.property(pence.filter((p) => p > 0), modelYears, (upfront, ys) => {
      const capped = ys.map((y) => ({ ...y, releasedPence: Math.min(y.releasedPence, y.costPence) }));
      expect(financialModel(upfront, capped).payback).toEqual({ kind: 'not_within', years: ys.length });
    }));
  });

  it('pays back no later when resources released in any year rise', () => {
    fc.assert(fc.property(pence, modelYears, fc.nat({ max: 9 }), pence, (upfront, ys, at, more) => {
      const i = at % ys.length;
      const richer = ys.map((y, j) => (j === i ? { ...y, releasedPence: y.releasedPence + more } : y));
      expect(paybackMonths(financialModel(upfront, richer).payback)).toBeLessThanOrEqual(paybackMonths(financialModel(upfront, ys).payback));
    }));
  });

  it('places the payback in the first year whose closing position is ≥ 0, in a month 1-12', () => {
    fc.assert(fc.property(pence.filter((p) => p > 0), modelYears, (upfront, ys) => {
      const m = financialModel(upfront, ys);
      const first = m.years.find((y) => y.cumulativePence >= 0);
      if (!first) {
        expect(m.payback.kind).toBe('not_within');
        return;
      }
      expect(m.payback).toMatchObject({ kind: 'pays_back', year: first.yearIndex });
      if (m.payback.kind !== 'pays_back') return;
      expect(m.payback.month).toBeGreaterThanOrEqual(1);
      expect(m.payback.month).toBeLessThanOrEqual(12);
      // the month is the smallest whose share of the year's net covers the opening deficit
      const deficit = first.netPence - first.cumulativePence;
      expect(m.payback.month * first.netPence).toBeGreaterThanOrEqual(12 * deficit);
      expect((m.payback.month - 1) * first.netPence).toBeLessThan(12 * deficit);
    }));
  });
});

describe('case status', () => {
  it('goes idea → proposed → (approval) → approved → live, and can be rejected or withdrawn', () => {
    expect(statusChange('idea', 'proposed')).toEqual({ ok: true });
    expect(statusChange('approved', 'live')).toEqual({ ok: true });
    expect(statusChange('proposed', 'rejected')).toEqual({ ok: true });
    expect(statusChange('live', 'withdrawn')).toEqual({ ok: true });
    expect(statusChange('rejected', 'idea')).toEqual({ ok: true });
  });

  it('refuses illegal moves with a message saying what is possible', () => {
    expect(statusChange('idea', 'live')).toEqual({ ok: false, message: 'A case marked Idea cannot become Live; it can become Proposed or Withdrawn.' });
    expect(statusChange('proposed', 'approved')).toMatchObject({ ok: false, message: expect.stringMatching(/use Approve/) });
    expect(statusChange('idea', 'approved')).toMatchObject({ ok: false, message: 'Only a proposed case can be approved; this one is marked Idea.' });
    expect(statusChange('live', 'live')).toMatchObject({ ok: false, message: 'The case is already marked Live.' });
  });

  it('never offers approved as a move, and every move it offers is allowed', () => {
    for (const from of CASE_STATUSES) {
      expect(allowedTransitions(from)).not.toContain('approved');
      for (const to of allowedTransitions(from)) expect(statusChange(from, to).ok).toBe(true);
    }
  });
});
