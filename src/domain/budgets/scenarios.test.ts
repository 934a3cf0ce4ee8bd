import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBudgetSeries, budgetSeries, phasedBudget } from './budget-monitoring.js';
import { addScenarioRows, emptyMeasures, percentBasisPoints, scenarioValues, SCENARIO_MEASURES, type PracticeActivity } from './scenarios.js';
import { scopeForYear, SEED_YEAR_ONE_TFCS, type ScopeRow } from './scope.js';
import { serviceLineOfPod, SERVICE_LINE_PODS } from './service-lines.js';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('scenarios: what a reduction is worth', () => {
  it('values each measure at N% of its cost, to the penny (half away from zero)', () => {
    const a: PracticeActivity = { code: 'A', groupCode: 'N', measures: { ...emptyMeasures(), new_outpatients: { lines: 150, costPence: 1_500_050 }, unplanned_admissions: { lines: 3, costPence: 450_000 } } };
    const [row] = scenarioValues([a], 100); // 1%
    expect(row!.measures.new_outpatients).toEqual({ lines: 150, costPence: 1_500_050, reducedLines: 1.5, valuePence: 15_001 }); // 15,000.5 → 15,001
    expect(row!.measures.unplanned_admissions).toMatchObject({ reducedLines: 0.03, valuePence: 4_500 });
    expect(row!.valuePence).toBe(15_001 + 4_500);
    expect(row!.costPence).toBe(1_950_050);
  });

  it('reads a percentage to two places, more than 0 and at most 100', () => {
    expect(percentBasisPoints(1)).toBe(100);
    expect(percentBasisPoints(2.5)).toBe(250);
    expect(percentBasisPoints(0.01)).toBe(1);
    expect(percentBasisPoints(0)).toBeNull();
    expect(percentBasisPoints(101)).toBeNull();
    expect(percentBasisPoints(1.234)).toBeNull();
    expect(() => scenarioValues([], 0)).toThrow(RangeError);
  });

  it('property: totals are the sums of the practices’ values', () => {
    const measure = fc.record({ lines: fc.integer({ min: 0, max: 1e5 }), costPence: fc.integer({ min: 0, max: 1e10 }) });
    const practice = fc.record({ new_outpatients: measure, follow_ups: measure, c2c_first: measure, unplanned_admissions: measure });
    fc.assert(fc.property(fc.array(practice, { maxLength: 10 }), fc.integer({ min: 1, max: 10_000 }), (ps, bp) => {
      const rows = scenarioValues(ps.map((measures, i) => ({ code: `P${i}`, groupCode: 'N', measures })), bp);
      const total = addScenarioRows(rows);
      expect(total.valuePence).toBe(sum(rows.map((r) => r.valuePence)));
      for (const m of SCENARIO_MEASURES) expect(total.measures[m].valuePence).toBe(sum(rows.map((r) => r.measures[m].valuePence)));
      for (const r of rows) expect(r.valuePence).toBe(sum(SCENARIO_MEASURES.map((m) => r.measures[m].valuePence)));
    }));
  });
});

describe('service lines and scope', () => {
  it('maps every point of delivery to one service line', () => {
    expect(serviceLineOfPod('OPFA')).toBe('outpatients');
    expect(serviceLineOfPod('OPPROC')).toBe('outpatients');
    expect(serviceLineOfPod('DC')).toBe('elective');
    expect(serviceLineOfPod('EL')).toBe('elective');
    expect(serviceLineOfPod('NEL')).toBe('non_elective');
    expect(serviceLineOfPod('AE')).toBe('ae');
    expect(SERVICE_LINE_PODS.prescribing).toEqual([]);
  });

  const seed: ScopeRow[] = [
    { serviceLine: 'elective', label: 'Year 1', tfcs: SEED_YEAR_ONE_TFCS, level: 'practice', devolvedFrom: '2025-04-01' },
    { serviceLine: 'elective', label: 'All', tfcs: null, level: 'practice', devolvedFrom: '2027-04-01' },
    { serviceLine: 'ae', label: 'All', tfcs: null, level: 'group', devolvedFrom: '2027-04-01' },
  ];

  it('takes the scope in force on 1 April of the year', () => {
    expect(scopeForYear(seed, 'elective', '2024/25').devolved).toBe(false);
    expect(scopeForYear(seed, 'elective', '2025/26').tfcs).toEqual([...SEED_YEAR_ONE_TFCS].sort());
    expect(scopeForYear(seed, 'elective', '2026/27').tfcs).toHaveLength(8);
    expect(scopeForYear(seed, 'elective', '2027/28')).toMatchObject({ devolved: true, tfcs: null });
    expect(scopeForYear(seed, 'ae', '2026/27').devolved).toBe(false);
    expect(scopeForYear(seed, 'ae', '2027/28')).toMatchObject({ devolved: true, tfcs: null, level: 'group' });
  });
});

describe('budget monitoring', () => {
  it('phases the budget and its variations, and forecasts from spend to date', () => {
    const weights = Array(12).fill(1);
    const budget = phasedBudget(12_000, [{ fromMonth: 7, amountPence: 600 }], weights);
    expect(budget).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1100, 1100, 1100, 1100, 1100, 1100]);
    const s = budgetSeries({ budgetByMonth: budget, spendByMonth: [1100, 1100, 1100, 0, 0, 0, 0, 0, 0, 0, 0, 0], monthsElapsed: 3, weights });
    expect(s).toMatchObject({ yearBudgetPence: 12_600, ytdBudgetPence: 3000, ytdSpendPence: 3300, variancePence: 300, variancePercent: 10, rag: 'red' });
    expect(s.forecast).toEqual({ straightLinePence: 13_200, seasonalPence: 13_200 });
    expect(s.forecastVariance.straightLinePence).toBe(600);
  });

  it('property: a total is the sum of its rows, month by month, to date and forecast', () => {
    const months = fc.array(fc.integer({ min: 0, max: 1e8 }), { minLength: 12, maxLength: 12 });
    fc.assert(fc.property(fc.array(fc.record({ budget: fc.integer({ min: 0, max: 1e10 }), spend: months }), { maxLength: 8 }), fc.integer({ min: 0, max: 12 }), (rows, elapsed) => {
      const weights = [8, 8, 9, 9, 8, 8, 8, 8, 9, 9, 8, 8];
      const series = rows.map((r) => budgetSeries({ budgetByMonth: phasedBudget(r.budget, [], weights), spendByMonth: r.spend, monthsElapsed: elapsed, weights }));
      const total = addBudgetSeries(series, elapsed);
      expect(total.yearBudgetPence).toBe(sum(rows.map((r) => r.budget)));
      expect(total.ytdSpendPence).toBe(sum(series.map((s) => s.ytdSpendPence)));
      expect(total.variancePence).toBe(total.ytdSpendPence - total.ytdBudgetPence);
      for (let m = 0; m < 12; m++) expect(total.budgetByMonth[m]).toBe(sum(series.map((s) => s.budgetByMonth[m]!)));
      if (elapsed > 0 && rows.length) expect(total.forecast.straightLinePence).toBe(sum(series.map((s) => s.forecast.straightLinePence!)));
      if (elapsed === 0) expect(total.forecast.straightLinePence).toBeNull();
    }));
  });
});
