import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import {
  byarInterval, countInterval, crudeRate, exactPoissonInterval, expectedEvents, indirectlyStandardise, referencePopulation,
  Z_998, type EventCell, type PopulationCell,
} from './rates.js';

const close = (actual: number | null, expected: number, digits = 6) => expect(actual).toBeCloseTo(expected, digits);
const noNaN = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number ${v}`);
  return v;
});

describe('confidence limits of a count', () => {
  it("Byar's method, by hand: O = 60 at 95%", () => {
    // lower = 60 (1 - 1/540 - 1.959964 / (3√60))³ = 60 × 0.9138046³ = 45.7837
    // upper = 61 (1 - 1/549 + 1.959964 / (3√61))³ = 61 × 1.0818273³ = 77.2332
    const { lower, upper } = byarInterval(60);
    close(lower, 45.7837, 3);
    close(upper, 77.2332, 3);
  });
  it('exact Poisson limits for small counts (Garwood table; PHE funnel tool: 1.623486 and 11.668333 for 5 events)', () => {
    const zero = exactPoissonInterval(0);
    expect(zero.lower).toBe(0);
    close(zero.upper, -Math.log(0.025), 5); // 3.68888: P(0 events | 3.689) = 2.5%
    const one = exactPoissonInterval(1);
    close(one.lower, 0.025317808, 6);
    close(one.upper, 5.571643391, 6);
    const five = exactPoissonInterval(5);
    close(five.lower, 1.623486324, 6);
    close(five.upper, 11.6683331, 5); // PHE used z = qnorm(0.975) unrounded; 1.959964 moves the 7th digit
  });
  it('uses exact limits below 10 events and Byar from 10 (PHE Fingertips guidance)', () => {
    expect(countInterval(9).method).toBe('exact Poisson');
    expect(countInterval(10).method).toBe("Byar's approximation");
    expect(countInterval(0)).toMatchObject({ lower: 0, method: 'exact Poisson' });
  });
  it("Byar's method is within 0.2% of exact at 95% from 10 events (PHE technical guide on confidence intervals)", () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 5000 }), (observed) => {
      const byar = byarInterval(observed);
      const exact = exactPoissonInterval(observed);
      expect(Math.abs(byar.lower - exact.lower) / exact.lower).toBeLessThan(0.002);
      expect(Math.abs(byar.upper - exact.upper) / exact.upper).toBeLessThan(0.002);
    }));
  });
  it('limits contain the count and widen with z (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0.5, max: 3.5, noNaN: true }), (observed, z) => {
      const narrow = countInterval(observed, z);
      const wide = countInterval(observed, z + 0.2);
      expect(narrow.lower).toBeLessThanOrEqual(observed);
      expect(narrow.upper).toBeGreaterThan(observed);
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
      expect(wide.upper).toBeGreaterThan(narrow.upper);
    }));
  });
  it('never goes below zero at 99.8% for one event', () => {
    expect(byarInterval(1, Z_998).lower).toBeGreaterThanOrEqual(0);
  });
  it('refuses negative or non-finite counts', () => {
    expect(() => byarInterval(-1)).toThrow(RangeError);
    expect(() => countInterval(Number.NaN)).toThrow(RangeError);
  });
});

describe('crude rate per 1,000', () => {
  it('by hand: 60 referrals from 300 patients is 200 per 1,000', () => {
    const rate = crudeRate(60, 300);
    expect(rate.rate).toBe(200);
    close(rate.lower, (45.7837 / 300) * 1000, 1);
    close(rate.upper, (77.2332 / 300) * 1000, 1);
    expect(rate.reason).toBeNull();
  });
  it('a practice with no events has a rate of 0 and a real upper limit', () => {
    const rate = crudeRate(0, 5000);
    expect(rate).toMatchObject({ rate: 0, lower: 0, method: 'exact Poisson', reason: null });
    close(rate.upper, (3.68888 / 5000) * 1000, 4);
  });
  it('a zero list gives nulls and the reason, not NaN', () => {
    const rate = crudeRate(3, 0);
    expect(rate).toMatchObject({ rate: null, lower: null, upper: null, reason: 'no registered patients' });
    noNaN(rate);
  });
  it('copes with huge numbers', () => {
    const rate = crudeRate(9_000_000, 60_000_000);
    close(rate.rate, 150, 9);
    expect(rate.lower!).toBeLessThan(150);
    expect(rate.upper!).toBeGreaterThan(150);
  });
});

/** Hand-built reference: boys 0-4 have 0.1 events a year each, women 65-69 have 0.3. */
const reference = referencePopulation(
  [{ ageBand: '0-4', sex: 'M', patients: 1000 }, { ageBand: '65-69', sex: 'F', patients: 1000 }],
  [{ ageBand: '0-4', sex: 'M', events: 100 }, { ageBand: '65-69', sex: 'F', events: 300 }],
);

describe('indirect age/sex standardisation', () => {
  it('builds the reference rates from the commissioner population, every cell present', () => {
    expect(reference.rates).toHaveLength(AGE_BANDS.length * 2);
    expect(reference.rates.find((c) => c.sex === 'M' && c.ageBand === '0-4')?.rate).toBe(0.1);
    expect(reference.rates.find((c) => c.sex === 'F' && c.ageBand === '65-69')?.rate).toBe(0.3);
    expect(reference.rates.find((c) => c.sex === 'F' && c.ageBand === '0-4')?.rate).toBe(0);
    expect(reference.crudeRate).toBe(0.2); // 400 events / 2,000 patients
  });

  it('by hand: expected = 200 × 0.1 + 100 × 0.3 = 50; 60 observed gives a ratio of 1.2 and a rate of 240 per 1,000', () => {
    const practice: PopulationCell[] = [{ ageBand: '0-4', sex: 'M', patients: 200 }, { ageBand: '65-69', sex: 'F', patients: 100 }];
    const result = indirectlyStandardise({ population: practice, events: 60, reference });
    close(result.expected, 50, 12);
    close(result.ratio, 1.2, 12);
    close(result.rate, 240, 9); // 1.2 × 0.2 × 1,000
    close(result.crudeRate, 200, 9); // 60 / 300 × 1,000
    close(result.ratioLower, 45.7837 / 50, 4); // Byar, as above
    close(result.ratioUpper, 77.2332 / 50, 4);
    close(result.rateLower, (45.7837 / 50) * 200, 2);
    expect(result.method).toBe("Byar's approximation");
  });

  it('accepts events by age and sex as well as a total', () => {
    const practice: PopulationCell[] = [{ ageBand: '0-4', sex: 'M', patients: 200 }];
    const events: EventCell[] = [{ ageBand: '0-4', sex: 'M', events: 15 }, { ageBand: '0-4', sex: 'M', events: 5 }];
    expect(indirectlyStandardise({ population: practice, events, reference }).ratio).toBe(1); // 20 / (200 × 0.1)
  });

  it('published example (BMJ Open Sport Exerc Med, Table 2, total row): 70 deaths, 109.1 expected, SMR 0.64 (95% CI 0.50 to 0.81)', () => {
    const population: PopulationCell[] = [{ ageBand: '40-44', sex: 'M', patients: 1091 }];
    const ref = { rates: [{ ageBand: '40-44' as AgeBand, sex: 'M' as Sex, rate: 0.1 }], crudeRate: 0.1 };
    const result = indirectlyStandardise({ population, events: 70, reference: ref });
    close(result.expected, 109.1, 9);
    expect(result.ratio!.toFixed(2)).toBe('0.64');
    expect(result.ratioLower!.toFixed(2)).toBe('0.50');
    expect(result.ratioUpper!.toFixed(2)).toBe('0.81');
  });

  it('published example (Avon public health network, indirectly age-standardised rates): 560 observed, 504 expected gives an SMR of 111', () => {
    const result = indirectlyStandardise({
      population: [{ ageBand: '75-79', sex: 'F', patients: 5040 }],
      events: 560,
      reference: { rates: [{ ageBand: '75-79', sex: 'F', rate: 0.1 }], crudeRate: 0.1 },
    });
    expect(Math.round(result.ratio! * 100)).toBe(111);
  });

  it('an empty list: nulls with "no registered patients"', () => {
    const result = indirectlyStandardise({ population: [], events: 0, reference });
    expect(result).toMatchObject({ ratio: null, rate: null, crudeRate: null, reason: 'no registered patients' });
    noNaN(result);
  });

  it('nobody in the cells the reference has events in: nulls with "no expected events", crude rate kept', () => {
    const result = indirectlyStandardise({ population: [{ ageBand: '20-24', sex: 'F', patients: 100 }], events: 2, reference });
    expect(result).toMatchObject({ expected: 0, ratio: null, ratioUpper: null, crudeRate: 20, reason: 'no expected events' });
    noNaN(result);
  });

  it('a practice with no events: ratio 0 and a finite upper limit', () => {
    const result = indirectlyStandardise({ population: [{ ageBand: '0-4', sex: 'M', patients: 100 }], events: 0, reference });
    expect(result).toMatchObject({ ratio: 0, ratioLower: 0, reason: null });
    close(result.ratioUpper, 3.68888 / 10, 4);
  });

  it('refuses a reference without a rate for a band the practice has patients in', () => {
    expect(() => expectedEvents([{ ageBand: '0-4', sex: 'F', patients: 1 }], [])).toThrow(/no rate for F 0-4/);
  });

  it('refuses events where the commissioner has nobody registered', () => {
    expect(() => referencePopulation([], [{ ageBand: '0-4', sex: 'M', events: 1 }])).toThrow(/no patients are registered/);
  });

  const cell = fc.record({
    ageBand: fc.constantFrom(...AGE_BANDS),
    sex: fc.constantFrom<Sex>('M', 'F'),
    patients: fc.integer({ min: 1, max: 20_000 }),
  });
  const practices = fc.array(fc.array(fc.tuple(cell, fc.integer({ min: 0, max: 5_000 })), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 });

  it('the reference population itself has a ratio of 1 and a standardised rate equal to its crude rate (property)', () => {
    fc.assert(fc.property(practices, (list) => {
      const population = list.flat().map(([c]) => c);
      const events = list.flat().map(([c, e]) => ({ ageBand: c.ageBand, sex: c.sex, events: Math.min(e, c.patients) }));
      const ref = referencePopulation(population, events);
      const whole = indirectlyStandardise({ population, events, reference: ref });
      if (whole.reason) return; // no events anywhere: nothing expected
      expect(whole.ratio).toBeCloseTo(1, 10);
      expect(whole.rate).toBeCloseTo(whole.crudeRate!, 8);
    }));
  });

  it("the ratio's interval contains the ratio; observed = sum of practices' expected overall (property)", () => {
    fc.assert(fc.property(practices, (list) => {
      const rows = list.map((p) => p.map(([c, e]) => ({ c, e: Math.min(e, c.patients) })));
      const ref = referencePopulation(rows.flat().map((r) => r.c), rows.flat().map((r) => ({ ageBand: r.c.ageBand, sex: r.c.sex, events: r.e })));
      let expectedTotal = 0;
      for (const practice of rows) {
        const result = indirectlyStandardise({ population: practice.map((r) => r.c), events: practice.reduce((s, r) => s + r.e, 0), reference: ref });
        noNaN(result);
        expectedTotal += result.expected;
        if (result.ratio === null) continue;
        expect(result.ratioLower!).toBeLessThanOrEqual(result.ratio + 1e-12);
        expect(result.ratioUpper!).toBeGreaterThan(result.ratio);
      }
      expect(expectedTotal).toBeCloseTo(ref.events, 6);
    }));
  });
});
