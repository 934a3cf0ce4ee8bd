import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import {
  apportionPence, CapitationError, CELLS, compareRationals, computeFairShares, decimalString, fractionString, millionthsString, rational,
  rationalsEqual, sumRationals, weightMillionths, type BandWeight, type FairShareInput, type PracticePopulation,
} from './capitation.js';

/** Every cell weighs 1, except those given. */
const weightsOf = (overrides: Partial<Record<`${Sex} ${AgeBand}`, string>> = {}): BandWeight[] =>
  CELLS.map(({ sex, ageBand }) => ({ sex, ageBand, weight: overrides[`${sex} ${ageBand}`] ?? '1' }));

const practice = (practiceCode: string, bands: [Sex, AgeBand, number][]): PracticePopulation =>
  ({ practiceCode, bands: bands.map(([sex, ageBand, patients]) => ({ sex, ageBand, patients })) });

function problem(input: FairShareInput): CapitationError {
  try {
    computeFairShares(input);
  } catch (error) {
    if (error instanceof CapitationError) return error;
    throw error;
  }
  throw new Error('expected a CapitationError');
}

describe('exact fractions', () => {
  it('reduces, adds and compares', () => {
    expect(rational(4n, -6n)).toEqual({ numerator: -2n, denominator: 3n });
    expect(sumRationals([rational(1n, 3n), rational(1n, 6n)])).toEqual(rational(1n, 2n));
    expect(compareRationals(rational(1n, 3n), rational(2n, 7n))).toBe(1);
    expect(fractionString(rational(10n, 5n))).toBe('2');
    expect(fractionString(rational(2n, 3n))).toBe('2/3');
  });

  it('writes decimals rounded half away from zero', () => {
    expect(decimalString(rational(40n, 3n), 6)).toBe('13.333333');
    expect(decimalString(rational(20n, 3n), 6)).toBe('6.666667');
    expect(decimalString(rational(1n, 8n), 2)).toBe('0.13');
    expect(decimalString(rational(-1n, 8n), 2)).toBe('-0.13');
    expect(decimalString(rational(-1n, 1000n), 2)).toBe('0.00');
    expect(decimalString(rational(7n), 0)).toBe('7');
    expect(decimalString(rational(5n, 2n), 0)).toBe('3');
  });

  it('reads weights as whole millionths, refusing what is not a positive decimal of at most 6 places', () => {
    expect(weightMillionths('1.25')).toBe(1_250_000n);
    expect(weightMillionths('1.250000')).toBe(1_250_000n);
    expect(weightMillionths('1.25000000')).toBe(1_250_000n);
    expect(weightMillionths(0.1)).toBe(100_000n);
    expect(weightMillionths('0.000001')).toBe(1n);
    expect(weightMillionths(3)).toBe(3_000_000n);
    for (const bad of ['0', '0.0000001', '1.2345678', '-1', '', 'x', '1e3', 0, -2, Number.NaN, 1e-7]) expect(weightMillionths(bad)).toBeNull();
    expect(millionthsString(1_250_000n)).toBe('1.25');
    expect(millionthsString(2_000_000n)).toBe('2');
    expect(millionthsString(15n)).toBe('0.000015');
  });
});

describe('computeFairShares, worked by hand', () => {
  it('weights, scales, shares and rounds: two practices, £100', () => {
    // Boys under 5 weigh 2, everyone else 1. A: 10 boys under 5; B: 10 girls under 5.
    // U_A = 20, U_B = 10, N = 20, U = 30, k = 20/30 = 2/3: W_A = 40/3, W_B = 20/3 (adds up to 20).
    // Exact shares of 10,000p: 6,666⅔ and 3,333⅓; floors 6,666 + 3,333 = 9,999; the one penny left
    // goes to the larger remainder (A's ⅔).
    const result = computeFairShares({
      serviceLine: 'elective', totalPence: 10_000, weights: weightsOf({ 'M 0-4': '2' }),
      populations: [practice('E82001', [['M', '0-4', 10]]), practice('E82002', [['F', '0-4', 10]])],
    });
    const [a, b] = result.rows;
    expect(result.scale).toEqual(rational(2n, 3n));
    expect(a).toMatchObject({ practiceCode: 'E82001', rawPopulation: 10, unscaledWeighted: '20', weightedPopulation: rational(40n, 3n), share: rational(2n, 3n), fairSharePence: 6667, extraPenny: true });
    expect(b).toMatchObject({ practiceCode: 'E82002', rawPopulation: 10, unscaledWeighted: '10', weightedPopulation: rational(20n, 3n), share: rational(1n, 3n), fairSharePence: 3333, extraPenny: false });
    expect(decimalString(a!.exactPence, 4)).toBe('6666.6667');
    expect(result.totals).toMatchObject({ practices: 2, rawPopulation: 20, unscaledWeighted: '30', weightedPopulation: rational(20n), fairSharePence: 10_000 });
    expect(result.leftoverPence).toBe(1);
    // The band arithmetic: all 40 cells, males first, youngest first.
    const bands = result.bandsOf('E82001');
    expect(bands).toHaveLength(40);
    expect(bands[0]).toEqual({ sex: 'M', ageBand: '0-4', patients: 10, weight: '2', weighted: '20', weightedMillionths: 20_000_000n });
    expect(bands[20]).toMatchObject({ sex: 'F', ageBand: '0-4', patients: 0, weight: '1', weighted: '0' });
  });

  it('keeps decimal weights exact', () => {
    // A: 3 × 1.1 + 7 × 0.3 = 5.4; B: 4 × 0.3 = 1.2; N = 14, U = 6.6, k = 14/6.6 = 70/33.
    const result = computeFairShares({
      serviceLine: 'prescribing', totalPence: 99, weights: weightsOf({ 'F 80-84': '1.1', 'M 20-24': '0.3' }),
      populations: [practice('A00001', [['F', '80-84', 3], ['M', '20-24', 7]]), practice('A00002', [['M', '20-24', 4]])],
    });
    expect(result.scale).toEqual(rational(70n, 33n));
    expect(result.rows.map((r) => r.unscaledWeighted)).toEqual(['5.4', '1.2']);
    expect(result.rows.map((r) => decimalString(r.weightedPopulation, 6))).toEqual(['11.454545', '2.545455']);
    // 99 × 5.4 / 6.6 = 81 exactly; 99 × 1.2 / 6.6 = 18: nothing left over.
    expect(result.rows.map((r) => r.fairSharePence)).toEqual([81, 18]);
    expect(result.rows.map((r) => r.extraPenny)).toEqual([false, false]);
    expect(result.leftoverPence).toBe(0);
  });

  it('breaks equal remainders by practice code, whatever the order given', () => {
    // Three equal practices share 100p: 33⅓ each; the one penny left goes to the lowest code.
    const populations = ['E82003', 'E82001', 'E82002'].map((code) => practice(code, [['F', '40-44', 5]]));
    const result = computeFairShares({ serviceLine: 'community', totalPence: 100, weights: weightsOf(), populations });
    expect(Object.fromEntries(result.rows.map((r) => [r.practiceCode, r.fairSharePence]))).toEqual({ E82001: 34, E82002: 33, E82003: 33 });
    // 200p: 66⅔ each, two pence left: the two lowest codes.
    const two = computeFairShares({ serviceLine: 'community', totalPence: 200, weights: weightsOf(), populations });
    expect(Object.fromEntries(two.rows.map((r) => [r.practiceCode, r.fairSharePence]))).toEqual({ E82001: 67, E82002: 67, E82003: 66 });
  });

  it('gives a practice with no patients nothing, and a zero total zero shares', () => {
    const populations = [practice('E82001', [['M', '50-54', 9]]), practice('E82002', [])];
    const result = computeFairShares({ serviceLine: 'ae', totalPence: 1001, weights: weightsOf(), populations });
    expect(result.rows.map((r) => [r.fairSharePence, r.rawPopulation, fractionString(r.weightedPopulation)])).toEqual([[1001, 9, '9'], [0, 0, '0']]);
    const nothing = computeFairShares({ serviceLine: 'ae', totalPence: 0, weights: weightsOf(), populations });
    expect(nothing.rows.map((r) => r.fairSharePence)).toEqual([0, 0]);
  });

  it('allows a missing weight where there are no patients', () => {
    const weights = weightsOf().filter((w) => !(w.sex === 'M' && w.ageBand === '95+'));
    const result = computeFairShares({ serviceLine: 'ae', totalPence: 10, weights, populations: [practice('E82001', [['M', '95+', 0], ['F', '95+', 2]])] });
    expect(result.bandsOf('E82001').find((b) => b.sex === 'M' && b.ageBand === '95+')).toMatchObject({ weight: null, patients: 0, weighted: '0' });
    expect(result.rows[0]!.fairSharePence).toBe(10);
  });
});

describe('computeFairShares, bad input', () => {
  const populations = [practice('E82001', [['M', '85-89', 3], ['F', '95+', 1]]), practice('E82002', [['M', '85-89', 2]])];

  it('names the service line, sex and band of a missing weight', () => {
    const weights = weightsOf().filter((w) => !(w.ageBand === '85-89' && w.sex === 'M') && !(w.ageBand === '95+' && w.sex === 'F'));
    const error = problem({ serviceLine: 'non_elective', totalPence: 100, weights, populations });
    expect(error.code).toBe('missing_weights');
    expect(error.message).toMatch(/no non_elective weight for males aged 85-89, females aged 95\+/);
    expect(error.details).toEqual([
      { sex: 'M', ageBand: '85-89', message: 'no non_elective weight for males aged 85-89 (5 patients at E82001, E82002)' },
      { sex: 'F', ageBand: '95+', message: 'no non_elective weight for females aged 95+ (1 patients at E82001)' },
    ]);
  });

  it('refuses no population, a zero population and a negative or fractional total', () => {
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [] }).code).toBe('no_population');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [practice('E82001', [])] }).code).toBe('no_population');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [practice('E82001', [['M', '0-4', 0]])] }).code).toBe('zero_population');
    const negative = problem({ serviceLine: 'ae', totalPence: -150, weights: weightsOf(), populations });
    expect(negative.code).toBe('negative_total');
    expect(negative.message).toBe('The ae total must not be negative (it is -£1.50).');
    expect(problem({ serviceLine: 'ae', totalPence: 1.5, weights: weightsOf(), populations }).code).toBe('invalid_total');
    expect(problem({ serviceLine: 'ae', totalPence: Number.NaN, weights: weightsOf(), populations }).code).toBe('invalid_total');
  });

  it('refuses bad weights and patients, and anything given twice', () => {
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf({ 'F 0-4': '0' }), populations }).message).toMatch(/ae weight for females aged 0-4 must be a positive number/);
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: [...weightsOf(), { sex: 'M', ageBand: '0-4', weight: '2' }], populations }).code).toBe('duplicate_weight');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [...populations, practice('E82001', [])] }).code).toBe('duplicate_practice');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [practice('E82001', [['M', '0-4', 1], ['M', '0-4', 2]])] }).code).toBe('duplicate_band');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [practice('E82001', [['M', '0-4', -1]])] }).code).toBe('invalid_patients');
    expect(problem({ serviceLine: 'ae', totalPence: 1, weights: weightsOf(), populations: [practice('E82001', [['M', '0-4', 1.5]])] }).code).toBe('invalid_patients');
  });
});

describe('apportionPence', () => {
  it('refuses what cannot be shared', () => {
    expect(() => apportionPence(10, [{ key: 'a', weight: 0n }])).toThrow(/every weight is 0/);
    expect(() => apportionPence(-1, [{ key: 'a', weight: 1n }])).toThrow(/0 or more/);
    expect(() => apportionPence(1, [{ key: 'a', weight: 1n }, { key: 'a', weight: 1n }])).toThrow(/own key/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const weightArb = fc.integer({ min: 1, max: 5_000_000 }).map((m) => millionthsString(BigInt(m)));
const weightsArb = fc.array(weightArb, { minLength: 40, maxLength: 40 }).map((ws) => CELLS.map((c, i) => ({ ...c, weight: ws[i]! })));
const practiceArb = (code: string) => fc.array(fc.tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 12 })
  .map((cells) => {
    const bands = new Map<number, number>(cells);
    return { practiceCode: code, bands: [...bands].map(([i, patients]) => ({ ...CELLS[i]!, patients })) };
  });
const inputArb = fc.record({
  total: fc.integer({ min: 0, max: 50_000_000_000 }),
  weights: weightsArb,
  populations: fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => practiceArb(`E8${String(2000 + i * 7).padStart(4, '0')}`)))),
}).filter(({ populations }) => populations.some((p) => p.bands.some((b) => b.patients > 0)));

const run = ({ total, weights, populations }: { total: number; weights: BandWeight[]; populations: PracticePopulation[] }) =>
  computeFairShares({ serviceLine: 'elective', totalPence: total, weights, populations });

describe('computeFairShares, properties', () => {
  it('fair shares add up exactly to the total, each within a penny of its exact share', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const result = run(input);
      expect(result.rows.reduce((a, r) => a + r.fairSharePence, 0)).toBe(input.total);
      expect(result.rows.filter((r) => r.extraPenny)).toHaveLength(result.leftoverPence);
      expect(result.leftoverPence).toBeLessThan(result.rows.length);
      for (const r of result.rows) {
        const bands = result.bandsOf(r.practiceCode);
        expect(bands.reduce((n, b) => n + b.patients, 0)).toBe(r.rawPopulation);
        expect(bands.reduce((n, b) => n + b.weightedMillionths, 0n)).toBe(r.unscaledWeightedMillionths);
        const gap = rational(BigInt(r.fairSharePence) * r.exactPence.denominator - r.exactPence.numerator, r.exactPence.denominator);
        expect(compareRationals(gap, rational(-1n)) > 0 && compareRationals(gap, rational(1n)) < 0).toBe(true);
        expect(Number.isSafeInteger(r.fairSharePence) && r.fairSharePence >= 0).toBe(true);
      }
    }));
  });

  it('weighted populations add up exactly to the raw population, and shares to 1', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const result = run(input);
      const raw = input.populations.flatMap((p) => p.bands).reduce((a, b) => a + b.patients, 0);
      expect(result.totals.rawPopulation).toBe(raw);
      expect(rationalsEqual(sumRationals(result.rows.map((r) => r.weightedPopulation)), rational(BigInt(raw)))).toBe(true);
      expect(rationalsEqual(sumRationals(result.rows.map((r) => r.share)), rational(1n))).toBe(true);
    }));
  });

  it('a larger weighted population never gets less', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const rows = run(input).rows;
      for (const a of rows) for (const b of rows) {
        if (compareRationals(a.weightedPopulation, b.weightedPopulation) > 0) expect(a.fairSharePence).toBeGreaterThanOrEqual(b.fairSharePence);
      }
    }));
  });

  it('does not depend on the order of the practices', () => {
    const shuffledArb = inputArb.chain((input) => fc.shuffledSubarray(input.populations, { minLength: input.populations.length })
      .map((shuffled) => ({ input, shuffled })));
    fc.assert(fc.property(shuffledArb, ({ input, shuffled }) => {
      const byCode = (rows: ReturnType<typeof run>['rows']) => Object.fromEntries(rows.map((r) => [r.practiceCode, r.fairSharePence]));
      expect(byCode(run({ ...input, populations: shuffled }).rows)).toEqual(byCode(run(input).rows));
    }));
  });

  it('does not depend on the scale of the weights', () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 2, max: 50 }), (input, factor) => {
      const scaled = input.weights.map((w) => ({ ...w, weight: millionthsString(weightMillionths(w.weight)! * BigInt(factor)) }));
      const a = run(input);
      const b = run({ ...input, weights: scaled });
      expect(b.rows.map((r) => r.fairSharePence)).toEqual(a.rows.map((r) => r.fairSharePence));
      expect(b.rows.map((r) => fractionString(r.weightedPopulation))).toEqual(a.rows.map((r) => fractionString(r.weightedPopulation)));
    }));
  });

  it('with every weight equal, the weighted population is the raw population', () => {
    fc.assert(fc.property(inputArb, weightArb, (input, weight) => {
      const result = run({ ...input, weights: CELLS.map((c) => ({ ...c, weight })) });
      for (const r of result.rows) expect(rationalsEqual(r.weightedPopulation, rational(BigInt(r.rawPopulation)))).toBe(true);
    }));
  });
});

it('covers every sex and age band once', () => {
  expect(CELLS).toHaveLength(2 * AGE_BANDS.length);
  expect(new Set(CELLS.map((c) => `${c.sex}${c.ageBand}`)).size).toBe(40);
});
