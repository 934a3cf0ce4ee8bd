import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cusum, CUSUM_DEFAULTS, describeChange, judge, referenceValue, type MonthCount } from './cusum.js';

const referrals = { name: 'Referrals per 1,000', direction: 'no judgement' } as const;
const admissions = { name: 'Emergency admissions per 1,000', direction: 'lower is better' } as const;
const months = (pairs: [number, number][]): MonthCount[] => pairs.map(([observed, expected], i) => ({ period: `2025-${String(i + 4).padStart(2, '0')}`, observed, expected }));

describe('Poisson CUSUM', () => {
  it('by hand: 130 against 100 expected adds 130 ln 1.2 - 0.2 × 100 = 3.70 a month; the second month passes h = 4.6', () => {
    const result = cusum(months([[130, 100], [130, 100], [100, 100]]), admissions);
    expect(result[0]!.upper).toBeCloseTo(130 * Math.log(1.2) - 20, 10);
    expect(result[0]!.signal).toBeNull();
    expect(result[1]!.upper).toBeCloseTo(2 * (130 * Math.log(1.2) - 20), 10);
    expect(result[1]).toMatchObject({ signal: 'increase', judgement: 'concerning', suppressed: false });
    expect(result[1]!.message).toBe('Emergency admissions per 1,000 has risen above the expected level: a concerning change (lower is better).');
    // Reset after the signal: month 3 starts from 0 and 100 vs 100 adds 100 ln 1.2 - 20 < 0.
    expect(result[2]!.upper).toBe(0);
    expect(result[2]!.lower).toBe(0);
  });

  it('detects a fall, and calls it good when lower is better', () => {
    const result = cusum(months([[70, 100], [70, 100]]), admissions);
    // 70 ln 0.8 + 0.2 × 100 = 4.38 a month
    expect(result[0]!.lower).toBeCloseTo(70 * Math.log(0.8) + 20, 10);
    expect(result[1]).toMatchObject({ signal: 'decrease', judgement: 'good' });
    expect(result[1]!.message).toMatch(/fallen below.*a good change/);
  });

  it('says "no judgement" in words for measures without a better direction', () => {
    const result = cusum(months([[200, 100]]), referrals);
    expect(result[0]).toMatchObject({ signal: 'increase', judgement: 'no judgement' });
    expect(result[0]!.message).toMatch(/neither good nor bad/);
  });

  it('suppresses alerts on small numbers but keeps counting', () => {
    // 30 against 4 expected adds 30 ln 1.2 - 0.8 = 4.67 > 4.6, but 4 expected is below 5: no alert.
    const result = cusum(months([[30, 4], [30, 4], [12, 6]]), admissions);
    expect(result[0]).toMatchObject({ signal: null, suppressed: true, message: null });
    expect(result[1]).toMatchObject({ signal: null, suppressed: true });
    // Enough events in month 3: the evidence carried over alerts.
    expect(result[2]).toMatchObject({ signal: 'increase', suppressed: false });
    expect(result[2]!.upper).toBeCloseTo(2 * (30 * Math.log(1.2) - 0.8) + (12 * Math.log(1.2) - 1.2), 10);
    // Fewer than 5 observed also suppresses (a fall to 2 from 40 expected).
    expect(cusum(months([[2, 40]]), admissions)[0]).toMatchObject({ signal: null, suppressed: true });
  });

  it('an empty series gives no months; zero counts are fine', () => {
    expect(cusum([], admissions)).toEqual([]);
    expect(cusum(months([[0, 0]]), admissions)[0]).toMatchObject({ upper: 0, lower: 0, signal: null });
  });

  it('refuses bad settings and counts', () => {
    expect(() => cusum([], admissions, { increaseRatio: 0.9 })).toThrow(RangeError);
    expect(() => cusum([], admissions, { decreaseRatio: 1.1 })).toThrow(RangeError);
    expect(() => cusum(months([[-1, 3]]), admissions)).toThrow(/observed for 2025-04/);
  });

  it('documents its defaults: a 20% rise or fall, h = 4.6 (ln 100), small numbers below 5', () => {
    expect(CUSUM_DEFAULTS).toEqual({ increaseRatio: 1.2, decreaseRatio: 0.8, h: 4.6, smallNumber: 5 });
    expect(Math.log(100)).toBeCloseTo(CUSUM_DEFAULTS.h, 1);
  });

  it('reference value k = (δ - 1) / ln δ: 1.097 for a 20% rise', () => {
    expect(referenceValue(1.2)).toBeCloseTo(0.2 / Math.log(1.2), 12);
    expect(referenceValue(1.2)).toBeCloseTo(1.097, 3);
  });

  it('never alerts while observed stays at expected, and sums never go negative (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 36 }), (expected) => {
      const result = cusum(expected.map((e, i) => ({ period: String(i), observed: e, expected: e })), admissions);
      expect(result.every((m) => m.signal === null && m.upper >= 0 && m.lower >= 0)).toBe(true);
    }));
  });
});

describe('judging a change', () => {
  it('follows the direction', () => {
    expect(judge('increase', 'higher is better')).toBe('good');
    expect(judge('decrease', 'higher is better')).toBe('concerning');
    expect(judge('increase', 'lower is better')).toBe('concerning');
    expect(judge('decrease', 'no judgement')).toBe('no judgement');
    expect(describeChange('Screening uptake', 'decrease', 'higher is better')).toMatch(/concerning change \(higher is better\)/);
  });
});
