/** Running costs (FIN-9): the ICOF tables of seed 000, and totals that always agree with their lines. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ICOF_HEADINGS, ICOF_RUNNING_COST_LINES, runningCostTotals, type RunningCostLine } from './running-costs.js';

describe('the ICOF tables', () => {
  const totals = runningCostTotals(ICOF_RUNNING_COST_LINES.map((l) => ({ ...l, spentPence: 0 })));

  it('total 28,750 for set-up, 179,700 for referral management and 88,000 for the executive', () => {
    expect(totals.headings.map((h) => [h.heading, h.lines.length, h.budgetPence])).toEqual([
      [ICOF_HEADINGS.setUp, 5, 2_875_000],
      [ICOF_HEADINGS.referralManagement, 7, 17_970_000],
      [ICOF_HEADINGS.executive, 4, 8_800_000],
    ]);
  });

  it('add up to 296,450 — the seed’s summary prints 285,450, which its own headings do not sum to', () => {
    expect(2_875_000 + 17_970_000 + 8_800_000).toBe(29_645_000);
    expect(totals.budgetPence).toBe(29_645_000);
  });
});

describe('runningCostTotals', () => {
  it('keeps headings in the order of their first line and totals spend against budget', () => {
    const t = runningCostTotals([
      { heading: 'B', line: 'b2', budgetPence: 100, spentPence: 150, sortOrder: 3 },
      { heading: 'A', line: 'a1', budgetPence: 50, spentPence: 10, sortOrder: 2 },
      { heading: 'B', line: 'b1', budgetPence: 20, spentPence: 0, sortOrder: 1 },
    ]);
    expect(t.headings.map((h) => [h.heading, h.lines.map((l) => l.line), h.budgetPence, h.spentPence, h.remainingPence]))
      .toEqual([['B', ['b1', 'b2'], 120, 150, -30], ['A', ['a1'], 50, 10, 40]]);
    expect([t.budgetPence, t.spentPence, t.remainingPence]).toEqual([170, 160, 10]);
  });

  it('overall totals equal the sum of the headings and of the lines', () => {
    const lineArb = fc.record<RunningCostLine>({
      heading: fc.constantFrom('Set-up', 'Referral management', 'Executive'), line: fc.string({ maxLength: 8 }),
      budgetPence: fc.integer({ min: 0, max: 1e10 }), spentPence: fc.integer({ min: 0, max: 1e10 }), sortOrder: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 40 }), (lines) => {
      const t = runningCostTotals(lines);
      expect(t.budgetPence).toBe(lines.reduce((n, l) => n + l.budgetPence, 0));
      expect(t.headings.reduce((n, h) => n + h.spentPence, 0)).toBe(t.spentPence);
      expect(t.headings.reduce((n, h) => n + h.lines.length, 0)).toBe(lines.length);
    }));
  });
});
