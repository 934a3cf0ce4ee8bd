import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURES } from './measures.js';
import {
  assessPractices, averagePopulation, funnelCurve, monthStarts, monthsBefore, peerSpread, referenceFromBands, referenceFromWeights, type PracticeCounts,
} from './practice-rates.js';

const measure = (code: string) => DEFAULT_MEASURES.find((m) => m.code === code)!;
const practice = (code: string, men: number, women: number, events: number, extra: Partial<PracticeCounts> = {}): PracticeCounts => ({
  practiceCode: code,
  population: [...(men ? [{ sex: 'M' as const, ageBand: '20-24' as const, patients: men }] : []), ...(women ? [{ sex: 'F' as const, ageBand: '70-74' as const, patients: women }] : [])],
  weightedPatients: null, events, eventBands: [], denominatorEvents: null, ...extra,
});

describe('months', () => {
  it('lists month starts across a year end and counts back', () => {
    expect(monthStarts('2024-11', '2025-02')).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01']);
    expect(monthsBefore('2025-06', 11)).toBe('2024-07');
    expect(monthsBefore('2025-01', 1)).toBe('2024-12');
  });

  it('averages lists band by band, a month without a list counting as none', () => {
    expect(averagePopulation([[{ sex: 'M', ageBand: '0-4', patients: 10 }], []])).toEqual([{ sex: 'M', ageBand: '0-4', patients: 5 }]);
    expect(averagePopulation([])).toEqual([]);
  });
});

describe('references', () => {
  it('shares events without a band across the bands, so expected adds up to observed', () => {
    const population = [{ sex: 'M' as const, ageBand: '20-24' as const, patients: 100 }, { sex: 'F' as const, ageBand: '70-74' as const, patients: 100 }];
    // One event in a band nobody is registered in: unplaced, like one without a sex.
    const ref = referenceFromBands(population, [{ sex: 'M', ageBand: '20-24', events: 1 }, { sex: 'F', ageBand: '70-74', events: 3 }, { sex: 'F', ageBand: '0-4', events: 1 }], 6);
    expect(ref.unplaced).toBe(2);
    expect(ref.rates.find((r) => r.sex === 'M' && r.ageBand === '20-24')!.rate).toBeCloseTo(0.01 * 1.5, 12);
    expect(ref.crudeRate).toBeCloseTo(0.03, 12);
  });

  it('takes band rates in proportion to capitation weights, or one rate without weights', () => {
    const population = [{ sex: 'M' as const, ageBand: '20-24' as const, patients: 100 }, { sex: 'F' as const, ageBand: '70-74' as const, patients: 100 }];
    const ref = referenceFromWeights(population, [{ sex: 'M', ageBand: '20-24', weight: 1 }, { sex: 'F', ageBand: '70-74', weight: 3 }], 40);
    // 40 events over a weighted list of 400: 0.1 per unit of weight.
    expect(ref.rates.find((r) => r.sex === 'F' && r.ageBand === '70-74')!.rate).toBeCloseTo(0.3, 12);
    expect(referenceFromWeights(population, null, 40).rates.every((r) => r.rate === 0.2)).toBe(true);
  });
});

describe('assessPractices', () => {
  it('standardises activity on weights: expected = events × weighted share', () => {
    const result = assessPractices(measure('non_elective_per_1000'), [practice('A', 100, 0, 10), practice('B', 0, 100, 30)],
      [{ sex: 'M', ageBand: '20-24', weight: 1 }, { sex: 'F', ageBand: '70-74', weight: 3 }]);
    expect(result.practices[0]!.expected).toBeCloseTo(10, 10);
    expect(result.practices[1]!.expected).toBeCloseTo(30, 10);
    expect(result.practices[1]!.ratio).toBeCloseTo(1, 10);
    expect(result.practices[0]!.rate).toBeCloseTo(200, 10); // ratio 1 × 40 per 200 patients × 1,000
    expect(result.unadjusted).toBe(false);
  });

  it('gives a practice with no list or no denominator nulls and reasons, and a finite funnel', () => {
    const ratio = assessPractices(measure('follow_up_to_first_ratio'), [
      practice('A', 10, 0, 6, { denominatorEvents: 4 }), practice('B', 10, 0, 3, { denominatorEvents: 0 }),
    ], null);
    expect(ratio.scale).toBe('rate');
    expect(ratio.target).toBe(9 / 4);
    expect(ratio.practices[1]).toMatchObject({ rate: null, reason: 'no registered patients', position: 'not assessable', y: null });
    const empty = assessPractices(measure('referrals_per_1000'), [practice('A', 0, 0, 0)], null);
    expect(empty.practices[0]).toMatchObject({ ratio: null, rate: null, reason: 'no registered patients', expected: 0 });
    expect(funnelCurve(empty, empty.practices)).toEqual([]);
    expect(JSON.stringify([ratio, empty])).not.toMatch(/NaN|Infinity/);
  });
});

describe('peerSpread', () => {
  it('gives the median and the 10th and 90th percentiles by nearest rank, ignoring missing values', () => {
    expect(peerSpread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null])).toEqual({ median: 5, p10: 1, p90: 9, practices: 10 });
    expect(peerSpread([null])).toEqual({ median: null, p10: null, p90: null, practices: 0 });
  });
});
