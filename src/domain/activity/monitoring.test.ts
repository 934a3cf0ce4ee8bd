import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthly, contractLineMatcher, monitor, phaseContract, phaseFromMonth, phaseOver, phasePlan, phasingWeights, profileProblem, ragRating, seasonalForecast,
  straightLineForecast, sumThrough, variance, variancePercent,
} from './monitoring.js';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('phasing a yearly plan to months (largest remainder)', () => {
  it('spreads evenly, the leftover units to the earliest months when remainders tie', () => {
    expect(phasePlan(1200, 'even')).toEqual(Array(12).fill(100));
    // 1000 / 12 = 83.33…: 4 units left over, all remainders equal → April to July get 84.
    expect(phasePlan(1000, 'even')).toEqual([84, 84, 84, 84, 83, 83, 83, 83, 83, 83, 83, 83]);
    expect(phasePlan(5, 'even')).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(phasePlan(0, 'even')).toEqual(Array(12).fill(0));
  });

  it('follows a profile, giving leftovers to the largest remainders (hand-computed)', () => {
    // 100 by weights 1,2,…,12 (sum 78): exact shares 1.28, 2.56, 3.85, 5.13, 6.41, 7.69, 8.97, 10.26, 11.54, 12.82, 14.10, 15.38.
    // The whole parts add up to 94; the 6 units left go to the largest fractions: months 7 (.97), 3 (.85),
    // 10 (.82), 6 (.69), 2 (.56) and 9 (.54).
    const phased = phasePlan(100, 'profile', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const exact = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((w) => (100 * w) / 78);
    expect(sum(phased)).toBe(100);
    const roundedUp = exact.map((x, i) => ({ i, f: x - Math.floor(x) })).sort((a, b) => b.f - a.f).slice(0, 6).map((x) => x.i);
    phased.forEach((p, i) => expect(p).toBe(Math.floor(exact[i]!) + (roundedUp.includes(i) ? 1 : 0)));
    expect(phased).toEqual([1, 3, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15]);
  });

  it('treats percentages and fractions alike, and a zero-weight month gets nothing', () => {
    const percent = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0];
    expect(phasePlan(1_000_00, 'profile', percent)).toEqual(phasePlan(1_000_00, 'profile', percent.map((w) => w / 100)));
    expect(phasePlan(1_000_00, 'profile', percent).slice(10)).toEqual([0, 0]);
  });

  it('spreads a negative total as its size with the sign given back', () => {
    expect(phasePlan(-1000, 'even')).toEqual(phasePlan(1000, 'even').map((x) => -x));
    expect(Object.is(phasePlan(-5, 'even')[11], 0)).toBe(true);
  });

  it('refuses a profile that is not twelve usable weights', () => {
    expect(profileProblem(undefined)).toMatch(/required/);
    expect(profileProblem([1, 2, 3])).toMatch(/12 weights/);
    expect(profileProblem(Array(12).fill(0))).toMatch(/above 0/);
    expect(profileProblem([...Array(11).fill(1), -1])).toMatch(/from 0/);
    expect(profileProblem(Array(12).fill(1))).toBeNull();
    expect(() => phasePlan(100, 'profile', [1])).toThrow(RangeError);
    expect(() => phaseOver(1.5, Array(12).fill(1))).toThrow(RangeError);
  });

  it('property: twelve whole months, each within one unit of its exact share, summing exactly to the total', () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 100, noNaN: true }).map((w) => Math.round(w * 1e6) / 1e6));
    fc.assert(fc.property(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.array(weight, { minLength: 12, maxLength: 12 }).filter((ws) => ws.some((w) => Math.round(w * 1e6) > 0)),
      (total, weights) => {
        const phased = phaseOver(total, weights);
        expect(phased).toHaveLength(12);
        expect(phased.every(Number.isSafeInteger)).toBe(true);
        expect(sum(phased)).toBe(total);
        const scaledSum = weights.reduce((a, w) => a + Math.round(w * 1e6), 0);
        phased.forEach((p, i) => {
          const exact = (total * Math.round(weights[i]! * 1e6)) / scaledSum;
          expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6 * Math.abs(total));
          if (Math.round(weights[i]! * 1e6) === 0) expect(p).toBe(0);
          if (total >= 0) expect(p).toBeGreaterThanOrEqual(0);
        });
      },
    ), { numRuns: 500 });
  });

  it('property: even phasing differs by at most one unit between months', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), (total) => {
      const phased = phasePlan(total, 'even');
      expect(sum(phased)).toBe(total);
      expect(Math.max(...phased) - Math.min(...phased)).toBeLessThanOrEqual(1);
    }));
  });
});

describe('variations from their effective month on', () => {
  it('phases the change over the remaining months by the contract’s weights, nothing before', () => {
    expect(phaseFromMonth(9000, 10, phasingWeights('even'))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3000, 3000, 3000]);
    expect(phaseFromMonth(-600, 1, phasingWeights('even'))).toEqual(Array(12).fill(-50));
    const profile = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1];
    expect(phaseFromMonth(400, 10, profile)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 100, 100]);
  });
  it('spreads evenly over the remaining months when the profile gives them no weight', () => {
    const profile = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    expect(phaseFromMonth(100, 11, profile)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 50]);
    expect(() => phaseFromMonth(100, 13, profile)).toThrow(RangeError);
  });
});

describe('forecast outturn', () => {
  it('straight line: year-to-date ÷ months elapsed × 12, to the penny', () => {
    expect(straightLineForecast(30_000, 3)).toBe(120_000);
    // 1000 × 12 / 7 = 1714.2857… → 1714
    expect(straightLineForecast(1000, 7)).toBe(1714);
    // 1 × 12 / 8 = 1.5 → 2 (half away from zero)
    expect(straightLineForecast(1, 8)).toBe(2);
    expect(straightLineForecast(500, 0)).toBeNull();
    expect(straightLineForecast(500, 12)).toBe(500);
  });

  it('seasonal: year-to-date ÷ the share of the profile elapsed', () => {
    // A profile expecting a quarter of the year in the first two months: £250 so far → £1,000.
    const profile = [15, 10, 5, 5, 5, 5, 10, 10, 10, 10, 10, 5];
    expect(seasonalForecast(25_000, 2, profile)).toBe(100_000);
    // Even weights make it the straight line.
    expect(seasonalForecast(1000, 7, phasingWeights('even'))).toBe(straightLineForecast(1000, 7));
    // 100 ÷ (3/7) = 233.33 → 233; an unexpected start gives no forecast.
    expect(seasonalForecast(100, 1, [3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(233);
    expect(seasonalForecast(100, 1, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeNull();
    expect(seasonalForecast(100, 0, phasingWeights('even'))).toBeNull();
  });

  it('stays exact for large sums with fine weights', () => {
    const weights = [8.333333, 8.333333, 8.333334, 8.333333, 8.333333, 8.333334, 8.333333, 8.333333, 8.333334, 8.333333, 8.333333, 8.333334];
    // ytd £90,000,000.00 over a quarter of the year (24.999999 of 99.999999... exactly 25 here): 9e9 × 100 / 25
    expect(seasonalForecast(9_000_000_000, 3, weights)).toBe(36_000_000_000);
  });
});

describe('variance and RAG', () => {
  it('variance is actual − plan, and a percentage of plan to one decimal place', () => {
    expect(variance(10_500, 10_000)).toBe(500);
    expect(variancePercent(10_500, 10_000)).toBe(5);
    expect(variancePercent(9_876, 10_000)).toBe(-1.2);
    expect(variancePercent(1, 0)).toBeNull();
  });

  it.each([
    [10_200, 10_000, 'green'], [9_800, 10_000, 'green'], [10_201, 10_000, 'amber'], [9_500, 10_000, 'amber'],
    [10_500, 10_000, 'amber'], [10_501, 10_000, 'red'], [9_499, 10_000, 'red'], [0, 0, 'green'], [1, 0, 'red'],
  ] as const)('actual %i against plan %i is %s', (actual, plan, rag) => {
    expect(ragRating(actual, plan)).toBe(rag);
  });
});

describe('monitor', () => {
  it('puts the figures together for a hand-computed case', () => {
    const planByMonth = phasePlan(120_000, 'even');
    const actualByMonth = [9_000, 11_000, 10_600, 99_999, 0, 0, 0, 0, 0, 0, 0, 0];
    const figures = monitor({ planByMonth, actualByMonth, monthsElapsed: 3, weights: phasingWeights('even') });
    expect(figures).toEqual({
      yearPlan: 120_000, ytdPlan: 30_000, ytdActual: 30_600, variance: 600, variancePercent: 2, rag: 'green',
      forecast: { straightLine: 122_400, seasonal: 122_400 },
      forecastVariance: { straightLine: 2_400, seasonal: 2_400 },
    });
  });
  it('adds series month by month and sums year to date', () => {
    expect(addMonthly([1, 2], [3])).toEqual([4, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sumThrough([1, 2, 3], 2)).toBe(3);
    expect(sumThrough([1, 2, 3], 0)).toBe(0);
  });
});

describe('a contract by month', () => {
  it('phases each line, then each variation from its effective month, and adds them up', () => {
    const phased = phaseContract({
      year: '2025/26', phasing: 'even', profile: null,
      lines: [{ pod: 'OPFA', tfc: '110', plannedVolume: 1200, plannedValuePence: 12_000_000 }, { pod: 'OPFU', tfc: '', plannedVolume: 25, plannedValuePence: 100 }],
      variations: [
        { effectiveFrom: '2026-01-15', valueChangePence: 300_000 }, // January is month 10: £1,000 a month for Jan–Mar
        { effectiveFrom: '2024-12-01', valueChangePence: -1_200 }, // before the year: from April
        { effectiveFrom: '2026-04-01', valueChangePence: 999_999 }, // next year's: not in this plan
      ],
    });
    expect(phased.lines[0]!.valuePence).toEqual(Array(12).fill(1_000_000));
    expect(phased.lines[1]!.volume).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(phased.lines[1]!.valuePence).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8]);
    expect(phased.variationsPence).toEqual([-100, -100, -100, -100, -100, -100, -100, -100, -100, 99_900, 99_900, 99_900]);
    expect(phased.volume[0]).toBe(103);
    expect(phased.valuePence[0]).toBe(1_000_000 + 9 - 100);
    expect(phased.valuePence[11]).toBe(1_000_000 + 8 + 99_900);
    expect(sum(phased.valuePence)).toBe(12_000_000 + 100 + 300_000 - 1_200);
  });

  it('counts activity against its own line, else the point of delivery’s “all specialties” line, else none', () => {
    const match = contractLineMatcher([{ pod: 'OPFA', tfc: '110' }, { pod: 'OPFA', tfc: '' }, { pod: 'AE', tfc: '' }]);
    expect(match('OPFA', '110')).toBe(0);
    expect(match('OPFA', '330')).toBe(1);
    expect(match('AE', '')).toBe(2);
    expect(match('NEL', '300')).toBe(-1);
  });
});
