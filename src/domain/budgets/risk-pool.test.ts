import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highCostExcess, shareOutturn, SHARING_RULES, topSlice, type PracticeOutturn } from './risk-pool.js';
import { efficiencyGains, reinvestmentHeadroom, reinvestmentSplit, savingsTotals } from './savings.js';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const o = (code: string, groupCode: string, budgetPence: number, outturnPence: number, highCostExcessPence = 0): PracticeOutturn => ({ code, groupCode, budgetPence, outturnPence, highCostExcessPence });

describe('risk pool: top slice, high-cost patients, sharing', () => {
  it('holds back the top slice rounded half up; pool + distributable = total', () => {
    expect(topSlice(1_000_000, 0.02)).toEqual({ poolPence: 20_000, distributablePence: 980_000 });
    expect(topSlice(150, 0.01)).toEqual({ poolPence: 2, distributablePence: 148 }); // 1.5 → 2
    expect(topSlice(149, 0.01)).toEqual({ poolPence: 1, distributablePence: 148 });
    expect(topSlice(1000, 0)).toEqual({ poolPence: 0, distributablePence: 1000 });
    expect(() => topSlice(1000, 1.2)).toThrow(/top slice/);
    expect(() => topSlice(-1, 0.1)).toThrow(/total/);
  });

  it('charges the pool with each patient’s cost above the threshold', () => {
    expect(highCostExcess([10_000, 60_000, 50_000, 120_000], 50_000)).toBe(10_000 + 70_000);
    expect(highCostExcess([10_000_000], null)).toBe(0);
  });

  it('individual: each practice keeps its own position; the pool balance stays with the commissioner', () => {
    const r = shareOutturn({ rule: 'individual', topSlicePence: 1000, practices: [o('A', 'N', 10_000, 9_000), o('B', 'N', 10_000, 12_000, 400)] });
    expect(r.practices.map((x) => [x.positionPence, x.finalPence])).toEqual([[1000, 1000], [-1600, -1600]]);
    expect(r.pool).toEqual({ topSlicePence: 1000, chargedPence: 400, balancePence: 600, toGroupsPence: 0, toCommissionerPence: 600 });
  });

  it('group: overspends are met from underspends in proportion to them', () => {
    // N: A under 3000, B under 1000, C over 2000 → A gives 1500, B 500; C ends at 0.
    const r = shareOutturn({ rule: 'group', topSlicePence: 0, practices: [o('A', 'N', 10_000, 7_000), o('B', 'N', 10_000, 9_000), o('C', 'N', 10_000, 12_000), o('D', 'S', 5_000, 4_000)] });
    expect(r.practices.map((x) => x.finalPence)).toEqual([1500, 500, 0, 1000]);
    expect(r.practices.map((x) => x.sharedPence)).toEqual([-1500, -500, 2000, 0]);
    // An uncovered overspend stays with the overspenders, eased in proportion to their overspends.
    const short = shareOutturn({ rule: 'group', topSlicePence: 0, practices: [o('A', 'N', 10_000, 9_000), o('B', 'N', 10_000, 12_000), o('C', 'N', 10_000, 11_000)] });
    expect(short.practices.map((x) => x.finalPence)).toEqual([0, -1333, -667]);
  });

  it('group_with_pool: an underspent pool first meets groups’ net overspends', () => {
    // Pool 1000, nothing charged to it. N net −3000 (A −1000, B −2000), S net +500: N gets all 1000 of the pool.
    const r = shareOutturn({ rule: 'group_with_pool', topSlicePence: 1000, practices: [o('A', 'N', 10_000, 11_000), o('B', 'N', 10_000, 12_000), o('C', 'S', 1_000, 500)] });
    expect(r.practices.map((x) => x.finalPence)).toEqual([-667, -1333, 500]);
    expect(r.pool).toMatchObject({ balancePence: 1000, toGroupsPence: 1000, toCommissionerPence: 0 });
    // A pool larger than the need: the rest stays with the commissioner.
    const rich = shareOutturn({ rule: 'group_with_pool', topSlicePence: 5000, practices: [o('A', 'N', 10_000, 11_000)] });
    expect(rich.practices[0]!.finalPence).toBe(0);
    expect(rich.pool).toMatchObject({ toGroupsPence: 1000, toCommissionerPence: 4000 });
  });

  it('property: sharing keeps each group’s total (plus the pool’s relief), and positions add up', () => {
    const practice = fc.record({ group: fc.constantFrom('N', 'S', 'E'), budget: fc.integer({ min: 0, max: 1e9 }), outturn: fc.integer({ min: 0, max: 1e9 }), excess: fc.integer({ min: 0, max: 1e7 }) });
    fc.assert(fc.property(fc.array(practice, { minLength: 1, maxLength: 12 }), fc.constantFrom(...SHARING_RULES), fc.integer({ min: 0, max: 1e8 }), (ps, rule, pool) => {
      const practices = ps.map((x, i) => o(`P${String(i).padStart(2, '0')}`, x.group, x.budget, x.outturn + x.excess, x.excess));
      const r = shareOutturn({ rule, topSlicePence: pool, practices });
      expect(r.pool.chargedPence).toBe(sum(ps.map((x) => x.excess)));
      expect(r.pool.toGroupsPence + r.pool.toCommissionerPence).toBe(r.pool.balancePence);
      for (const g of ['N', 'S', 'E']) {
        const rows = r.practices.filter((x) => x.groupCode === g);
        const before = sum(rows.map((x) => x.positionPence));
        const after = sum(rows.map((x) => x.finalPence));
        if (rule === 'individual') expect(after).toBe(before);
        else {
          expect(after).toBeGreaterThanOrEqual(before);
          if (rule === 'group') expect(after).toBe(before);
          // Sharing never leaves a practice both ways: after it, a group has only underspends or only overspends.
          expect(rows.some((x) => x.finalPence > 0) && rows.some((x) => x.finalPence < 0)).toBe(false);
        }
      }
      if (rule === 'group_with_pool') expect(sum(r.practices.map((x) => x.finalPence)) - sum(r.practices.map((x) => x.positionPence))).toBe(r.pool.toGroupsPence);
    }));
  });
});

describe('savings and reinvestment', () => {
  it('efficiency gains are the positive positions after the risk pool and sharing', () => {
    const shared = shareOutturn({ rule: 'individual', topSlicePence: 0, practices: [o('A', 'N', 10_000, 9_000), o('B', 'N', 10_000, 10_500, 1_000), o('C', 'N', 10_000, 11_000)] });
    const gains = efficiencyGains(shared.practices, { rule: 'one_pot', practiceShare: null });
    // B's 500 overspend becomes a 500 underspend once 1,000 of high-cost costs go to the pool.
    expect(gains.map((g) => g.savingsPence)).toEqual([1000, 500, 0]);
    expect(gains.map((g) => g.reinvestablePence)).toEqual([1000, 500, 0]);
    expect(savingsTotals(gains)).toMatchObject({ savingsPence: 1500, reinvestablePence: 1500, commissionerPence: 0, budgetPence: 30_000 });
  });

  it('splits savings between practice and commissioner exactly (practice share rounded half up)', () => {
    expect(reinvestmentSplit(1001, { rule: 'split', practiceShare: 0.5 })).toEqual({ reinvestablePence: 501, commissionerPence: 500 });
    expect(reinvestmentSplit(1000, { rule: 'one_pot', practiceShare: null })).toEqual({ reinvestablePence: 1000, commissionerPence: 0 });
    expect(() => reinvestmentSplit(1000, { rule: 'split', practiceShare: null })).toThrow(/share/);
    expect(() => reinvestmentSplit(-1, { rule: 'one_pot', practiceShare: null })).toThrow(RangeError);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e6 }), (s, share) => {
      const split = reinvestmentSplit(s, { rule: 'split', practiceShare: share / 1e6 });
      expect(split.reinvestablePence + split.commissionerPence).toBe(s);
      expect(split.reinvestablePence).toBeGreaterThanOrEqual(0);
      expect(split.commissionerPence).toBeGreaterThanOrEqual(0);
    }));
    expect(reinvestmentHeadroom(1000, 300)).toBe(700);
    expect(reinvestmentHeadroom(1000, 1300)).toBe(0);
  });
});
