import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion.js';
import { BudgetSettingError, groupTotals, setBudgets, type PracticeHistory, type SettingInput } from './setting.js';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const p = (code: string, historicPence: number, groupCode = 'G1'): PracticeHistory => ({ code, groupCode, historicPence });
const targets = (entries: Record<string, number>) => new Map(Object.entries(entries));
const problem = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof BudgetSettingError) return error.problem;
    throw error;
  }
  return null;
};

describe('setting practice budgets (pace of change, floor, growth, exact pennies)', () => {
  it('moves each practice from history toward its fair share by the pace (hand-computed)', () => {
    // Historic 600 + 400 = 1000 = the total, so there is no growth: budget = h + 0.5 × (t − h).
    const r = setBudgets({ totalPence: 1000, pace: 0.5, floorPercent: 1, practices: [p('A', 600), p('B', 400)], targets: targets({ A: 500, B: 500 }) });
    expect(r.practices.map((x) => x.budgetPence)).toEqual([550, 450]);
    expect(r.practices[0]).toMatchObject({ changePence: -50, distanceFromTargetPence: 100, gapAfterPence: 50, floorApplied: false });
    expect(r.growthPence).toBe(0);
  });

  it('gives growth to the practices below target in proportion to their remaining gap', () => {
    // Total 1300, historic 600 + 400 + 200 = 1200; targets 400, 500, 400; pace 0.5.
    // Paced: A 500, B 450, C 300 (sum 1250) → growth 50 to B (gap 50) and C (gap 100): 50 × 50/150 and 50 × 100/150.
    const r = setBudgets({
      totalPence: 1300, pace: 0.5, floorPercent: 1,
      practices: [p('A', 600), p('B', 400), p('C', 200)], targets: targets({ A: 400, B: 500, C: 400 }),
    });
    const [a, b, c] = r.practices;
    expect(a!.budgetPence).toBe(500); // above target: no growth
    // B: 450 + 16.67 = 466.67, C: 300 + 33.33 = 333.33 → floors 466 + 333 = 799 + A 500 = 1299: the penny to B (.67 > .33).
    expect(b!.budgetPence).toBe(467);
    expect(c!.budgetPence).toBe(333);
    expect(sum(r.practices.map((x) => x.budgetPence))).toBe(1300);
    expect(r.growthPence).toBe(100);
    expect(c!.changePence).toBeGreaterThan(b!.changePence); // the furthest below target gains most
  });

  it('holds a practice at the floor when the pace would cut it further, and takes the difference from the others', () => {
    // A is far above target: pace 1 would cut it from 1000 to 100; the floor (10%) keeps it at 900.
    const r = setBudgets({ totalPence: 2000, pace: 1, floorPercent: 0.1, practices: [p('A', 1000), p('B', 1000)], targets: targets({ A: 100, B: 1900 }) });
    expect(r.practices[0]).toMatchObject({ budgetPence: 900, changePence: -100, floorApplied: true });
    expect(r.practices[1]!.budgetPence).toBe(1100);
  });

  it('rounds the floor up to the penny, so rounding never cuts more than the floor', () => {
    // A: historic 333, floor 10% → at least 299.7 → 300.
    const r = setBudgets({ totalPence: 1000, pace: 1, floorPercent: 0.1, practices: [p('A', 333), p('B', 667)], targets: targets({ A: 0, B: 1000 }) });
    expect(r.practices[0]!.budgetPence).toBe(300);
    expect(r.practices[1]!.budgetPence).toBe(700);
  });

  it('takes a reduction from practices above target first, then from everyone above their floor', () => {
    // Historic 500 + 500 = 1000, total 900, targets A 300, B 600; pace 0: paced = historic, R = 100.
    // A is 200 above target, B below: all 100 from A.
    const r = setBudgets({ totalPence: 900, pace: 0, floorPercent: 1, practices: [p('A', 500), p('B', 500)], targets: targets({ A: 300, B: 600 }) });
    expect(r.practices.map((x) => x.budgetPence)).toEqual([400, 500]);
    // With a 10% floor A can give only 50; the other 50 comes from B's room above its floor (50).
    const floored = setBudgets({ totalPence: 900, pace: 0, floorPercent: 0.1, practices: [p('A', 500), p('B', 500)], targets: targets({ A: 300, B: 600 }) });
    expect(floored.practices.map((x) => x.budgetPence)).toEqual([450, 450]);
  });

  it('places the last pennies on the largest fractions, equal fractions to the lower code', () => {
    // 100 pence, three practices with no history and equal targets impossible (100/3): targets 34, 33, 33; pace 0.5 → 17, 16.5, 16.5 + growth.
    const r = setBudgets({ totalPence: 100, pace: 0.5, floorPercent: 0, practices: [p('C', 0), p('B', 0), p('A', 0)], targets: targets({ A: 34, B: 33, C: 33 }) });
    expect(r.practices.map((x) => x.code)).toEqual(['A', 'B', 'C']);
    expect(r.practices.map((x) => x.budgetPence)).toEqual([34, 33, 33]);
    // Two practices each exactly half a penny (A from 1 toward 0, B from 0 toward 1, pace 0.5): A, the lower code, gets it.
    const tie = setBudgets({ totalPence: 1, pace: 0.5, floorPercent: 1, practices: [p('B', 0), p('A', 1)], targets: targets({ A: 0, B: 1 }) });
    expect(tie.practices.map((x) => x.budgetPence)).toEqual([1, 0]);
  });

  it('adds group totals from their practices', () => {
    const r = setBudgets({
      totalPence: 3000, pace: 0.3, floorPercent: 0.02,
      practices: [p('A', 1000, 'N'), p('B', 900, 'S'), p('C', 800, 'N')], targets: targets({ A: 900, B: 1100, C: 1000 }),
    });
    expect(r.groups.map((g) => g.groupCode)).toEqual(['N', 'S']);
    const north = r.practices.filter((x) => x.groupCode === 'N');
    expect(r.groups[0]).toMatchObject({ budgetPence: sum(north.map((x) => x.budgetPence)), historicPence: 1800, fairSharePence: 1900, practices: 2 });
    expect(r.total.budgetPence).toBe(3000);
    expect(groupTotals(r.practices)).toEqual(r.groups);
  });

  it('refuses bad inputs with clear errors', () => {
    const base: SettingInput = { totalPence: 1000, pace: 0.5, floorPercent: 0.02, practices: [p('A', 500), p('B', 500)], targets: targets({ A: 500, B: 500 }) };
    expect(problem(() => setBudgets({ ...base, pace: 1.5 }))).toBe('pace');
    expect(problem(() => setBudgets({ ...base, pace: -0.1 }))).toBe('pace');
    expect(problem(() => setBudgets({ ...base, pace: Number.NaN }))).toBe('pace');
    expect(problem(() => setBudgets({ ...base, floorPercent: 2 }))).toBe('floor');
    expect(problem(() => setBudgets({ ...base, totalPence: -1 }))).toBe('total');
    expect(problem(() => setBudgets({ ...base, practices: [p('A', -5), p('B', 500)] }))).toBe('historic');
    expect(problem(() => setBudgets({ ...base, targets: targets({ A: 1000 }) }))).toBe('missing_target');
    expect(problem(() => setBudgets({ ...base, targets: targets({ A: 500, B: 400, Z: 100 }) }))).toBe('unknown_target');
    expect(problem(() => setBudgets({ ...base, targets: targets({ A: 600, B: 500 }) }))).toBe('targets_total');
    expect(problem(() => setBudgets({ ...base, targets: targets({ A: 1500, B: -500 }) }))).toBe('target');
    expect(problem(() => setBudgets({ ...base, practices: [p('A', 1), p('A', 2)] }))).toBe('duplicate_practice');
    expect(problem(() => setBudgets({ ...base, practices: [], targets: new Map() }))).toBe('no_practices');
    // A 2% floor on 1000 of history needs at least 980.
    expect(problem(() => setBudgets({ ...base, totalPence: 900, targets: targets({ A: 450, B: 450 }) }))).toBe('below_floor');
    expect(() => setBudgets({ ...base, pace: 2 })).toThrow(/pace of change must be a number from 0 to 1/);
    expect(() => setBudgets({ ...base, targets: targets({ A: 1000 }) })).toThrow(/No fair-share target for practice B/);
  });

  it('property: budgets add up to the total exactly, respect the floor, and growth never lifts a practice past its target', () => {
    const practice = fc.record({ historic: fc.integer({ min: 0, max: 5e9 }), weight: fc.integer({ min: 0, max: 1000 }), group: fc.constantFrom('N', 'S', 'E') });
    fc.assert(fc.property(
      fc.array(practice, { minLength: 1, maxLength: 12 }).filter((ps) => ps.some((x) => x.weight > 0)),
      fc.integer({ min: 0, max: 6e10 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (ps, total, paceMillionths, floorMillionths) => {
        const practices = ps.map((x, i) => p(`P${String(i).padStart(2, '0')}`, x.historic, x.group));
        const shares = apportion(BigInt(total), ps.map((x) => BigInt(x.weight)));
        const t = new Map(practices.map((x, i) => [x.code, Number(shares[i]!)]));
        const pace = paceMillionths / 1e6;
        const floor = floorMillionths / 1e6;
        const leastAllowed = practices.map((x) => Math.ceil((x.historicPence * (1e6 - floorMillionths)) / 1e6 - 1e-9));
        let r;
        try {
          r = setBudgets({ totalPence: total, pace, floorPercent: floor, practices, targets: t });
        } catch (error) {
          // Only when the floors really need more than the total.
          expect(error).toBeInstanceOf(BudgetSettingError);
          expect((error as BudgetSettingError).problem).toBe('below_floor');
          expect(sum(leastAllowed)).toBeGreaterThan(total);
          return;
        }
        expect(sum(r.practices.map((x) => x.budgetPence))).toBe(total);
        expect(r.total.budgetPence).toBe(total);
        expect(sum(r.groups.map((g) => g.budgetPence))).toBe(total);
        for (const g of r.groups) expect(g.budgetPence).toBe(sum(r.practices.filter((x) => x.groupCode === g.groupCode).map((x) => x.budgetPence)));
        r.practices.forEach((x, i) => {
          expect(Number.isSafeInteger(x.budgetPence)).toBe(true);
          expect(x.budgetPence).toBeGreaterThanOrEqual(leastAllowed[i]!);
          expect(x.budgetPence - x.historicPence).toBeGreaterThanOrEqual(-floor * x.historicPence - 1e-6);
        });
        const paced = r.practices.map((x) => x.historicPence + pace * (x.fairSharePence - x.historicPence));
        if (total >= sum(paced.map((b, i) => Math.max(b, leastAllowed[i]!))) + practices.length) {
          // Growth: practices below target end at or below it, and never below their paced budget.
          r.practices.forEach((x, i) => {
            if (x.historicPence < x.fairSharePence) {
              expect(x.budgetPence).toBeLessThanOrEqual(x.fairSharePence);
              expect(x.budgetPence).toBeGreaterThanOrEqual(Math.floor(Math.max(paced[i]!, leastAllowed[i]!) - 1e-6));
            }
          });
        }
      },
    ), { numRuns: 400 });
  });

  it('property: pace 1 with no floor gives every practice exactly its fair share; pace 0 with no growth keeps history', () => {
    fc.assert(fc.property(fc.array(fc.record({ h: fc.integer({ min: 0, max: 1e9 }), w: fc.integer({ min: 1, max: 100 }) }), { minLength: 1, maxLength: 10 }), (ps) => {
      const practices = ps.map((x, i) => p(`P${i}`, x.h));
      const total = sum(ps.map((x) => x.h));
      const shares = apportion(BigInt(total), ps.map((x) => BigInt(x.w)));
      const t = new Map(practices.map((x, i) => [x.code, Number(shares[i]!)]));
      const full = setBudgets({ totalPence: total, pace: 1, floorPercent: 1, practices, targets: t });
      for (const x of full.practices) expect(x.budgetPence).toBe(x.fairSharePence);
      const still = setBudgets({ totalPence: total, pace: 0, floorPercent: 0, practices, targets: t });
      for (const x of still.practices) expect(x.budgetPence).toBe(x.historicPence);
    }));
  });
});
