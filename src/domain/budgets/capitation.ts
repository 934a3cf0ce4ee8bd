/**
 * Weighted capitation (FIN-1; FORMATS.md "Capitation weights"): each practice's fair share of a
 * service line's budget from its registered population by sex and age band and the line's
 * weights. Pure, and exact: no floating point anywhere in the arithmetic.
 *
 * For one service line and one population period, over the commissioner's practices:
 *
 *   unscaled weighted population   U_p = Σ over p's bands of patients × weight
 *   scaling factor                 k   = N ÷ U      (N = Σ raw patients, U = Σ U_p, all practices)
 *   weighted population            W_p = U_p × k    (so Σ W_p = N exactly: weights on any scale)
 *   share                          s_p = W_p ÷ Σ W = U_p ÷ U
 *   exact fair share (pence)       F_p = total × s_p
 *   fair share (whole pence)       ⌊F_p⌋, plus one penny for each of the R practices with the
 *                                  largest remainders F_p − ⌊F_p⌋, where R = total − Σ ⌊F_p⌋.
 *
 * Precision: weights are decimals of at most 6 places (the database holds numeric(12,6)) and are
 * held as whole millionths in bigint, so U_p is exact; W_p, s_p, k and F_p are fractions of two
 * bigints (`Rational`, always reduced), never rounded. Decimal strings (`decimalString`) are made
 * only for people, rounded half away from zero to the places asked for.
 *
 * The last penny (`ROUNDING_RULE`): largest remainder. R is less than the number of practices
 * with a non-zero remainder, so no practice gets more than one extra penny and a practice whose
 * exact share is whole (or zero) never gets one; equal remainders go in practice code order
 * (ascending, by character code, so E82001 before E82002). Hence the fair shares add up exactly to
 * the total, each is within a penny of its exact share (|pence − F_p| < 1), a practice with a
 * larger weighted population never gets less, and the answer does not depend on the order the
 * practices are given in.
 *
 * Bad input is an error (`CapitationError`), never NaN or a silent zero: a band with patients but
 * no weight (naming the service line, sex and band), a weight that is not a positive decimal of at
 * most 6 places, no population at all, a population of zero, a negative or fractional total, a
 * practice or a band given twice.
 */
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';

// ---------------------------------------------------------------------------------------------
// Exact fractions

/** numerator ÷ denominator, reduced, the denominator positive. */
export interface Rational { readonly numerator: bigint; readonly denominator: bigint }

const abs = (n: bigint) => (n < 0n ? -n : n);
function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint, denominator = 1n): Rational {
  if (denominator === 0n) throw new RangeError('a fraction cannot have a denominator of 0');
  const sign = denominator < 0n ? -1n : 1n;
  const g = gcd(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / g, denominator: (sign * denominator) / g };
}

export const ZERO: Rational = rational(0n);

export const addRationals = (a: Rational, b: Rational): Rational =>
  rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);

export const sumRationals = (values: Iterable<Rational>): Rational => {
  let sum = ZERO;
  for (const v of values) sum = addRationals(sum, v);
  return sum;
};

export const subtractRationals = (a: Rational, b: Rational): Rational => addRationals(a, rational(-b.numerator, b.denominator));

/** Both are reduced, so equal values have equal parts. */
export const rationalsEqual = (a: Rational, b: Rational) => a.numerator === b.numerator && a.denominator === b.denominator;

/** −1, 0 or 1. */
export const compareRationals = (a: Rational, b: Rational): number => {
  const d = a.numerator * b.denominator - b.numerator * a.denominator;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/** The fraction as a decimal with `places` digits after the point, rounded half away from zero: "13.333333". */
export function decimalString(value: Rational, places: number): string {
  const scale = 10n ** BigInt(places);
  const negative = value.numerator < 0n;
  const scaled = abs(value.numerator) * scale;
  let whole = scaled / value.denominator;
  if ((scaled % value.denominator) * 2n >= value.denominator) whole += 1n;
  const digits = whole.toString().padStart(places + 1, '0');
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return negative && whole !== 0n ? `-${text}` : text;
}

/** The nearest double (for charts and spreadsheets, never for the arithmetic). */
export const rationalToNumber = (value: Rational): number => Number(decimalString(value, 12));

/** "2/3", or "5" when whole. */
export const fractionString = (value: Rational): string =>
  (value.denominator === 1n ? value.numerator.toString() : `${value.numerator}/${value.denominator}`);

// ---------------------------------------------------------------------------------------------
// Weights as whole millionths

export const WEIGHT_PLACES = 6;
const MILLION = 1_000_000n;
const WEIGHT_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * A weight as whole millionths: "1.25" → 1250000n. Null unless it is a positive decimal with at
 * most 6 significant decimal places ("1.2500000" is fine, "1.2345678" is not). Numbers are read
 * through their shortest decimal form, so 0.1 is exactly 100000n.
 */
export function weightMillionths(weight: string | number): bigint | null {
  let text: string;
  if (typeof weight === 'number') {
    if (!Number.isFinite(weight) || weight <= 0) return null;
    text = weight.toFixed(WEIGHT_PLACES);
    if (Number(text) !== weight) return null; // more than 6 decimal places
  } else {
    text = weight.trim();
  }
  const match = WEIGHT_TEXT.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(WEIGHT_PLACES))) return null;
  const millionths = BigInt(match[1]!) * MILLION + BigInt(fraction.slice(0, WEIGHT_PLACES).padEnd(WEIGHT_PLACES, '0'));
  return millionths > 0n ? millionths : null;
}

/** Whole millionths as the shortest exact decimal: 1250000n → "1.25", 2000000n → "2". */
export function millionthsString(millionths: bigint): string {
  const sign = millionths < 0n ? '-' : '';
  const digits = abs(millionths).toString().padStart(WEIGHT_PLACES + 1, '0');
  const whole = digits.slice(0, -WEIGHT_PLACES);
  const fraction = digits.slice(-WEIGHT_PLACES).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Inputs and results

export const SEXES: readonly Sex[] = ['M', 'F'];
export const SEX_NAMES: Record<Sex, string> = { M: 'males', F: 'females' };

/** Every sex × age band, males first, youngest first: the order bands are shown in. */
export const CELLS: readonly { sex: Sex; ageBand: AgeBand }[] = SEXES.flatMap((sex) => AGE_BANDS.map((ageBand) => ({ sex, ageBand })));

/** "males aged 85-89", "females aged 95+". */
export const describeCell = (sex: Sex, ageBand: string) => `${SEX_NAMES[sex]} aged ${ageBand}`;

export interface BandPatients { sex: Sex; ageBand: AgeBand; patients: number }
export interface PracticePopulation {
  practiceCode: string;
  /** the practice's registered patients by sex and age band; bands left out have none */
  bands: readonly BandPatients[];
}
export interface BandWeight {
  sex: Sex;
  ageBand: AgeBand;
  /** a positive decimal of at most 6 places, as text ("1.25", the database's "1.250000") or a number */
  weight: string | number;
}

export interface FairShareInput {
  /** named in error messages */
  serviceLine: string;
  /** the service line's budget to share, in whole pence (0 or more) */
  totalPence: number;
  weights: readonly BandWeight[];
  populations: readonly PracticePopulation[];
}

export interface BandArithmetic {
  sex: Sex;
  ageBand: AgeBand;
  patients: number;
  /** the band's weight ("1.25"); null when there is none (allowed only for a band with no patients) */
  weight: string | null;
  /** patients × weight, exact ("15.5") */
  weighted: string;
  weightedMillionths: bigint;
}

export interface PracticeFairShare {
  practiceCode: string;
  /** registered patients */
  rawPopulation: number;
  /** U_p = Σ patients × weight, before scaling: exact decimal, and in millionths */
  unscaledWeighted: string;
  unscaledWeightedMillionths: bigint;
  /** W_p = U_p × scale */
  weightedPopulation: Rational;
  /** s_p = W_p ÷ the commissioner's weighted population */
  share: Rational;
  /** F_p = total × s_p, before rounding */
  exactPence: Rational;
  fairSharePence: number;
  /** it received one of the pence left over once every practice had the whole pence of its exact share */
  extraPenny: boolean;
}

export interface FairShareTotals {
  practices: number;
  rawPopulation: number;
  unscaledWeighted: string;
  unscaledWeightedMillionths: bigint;
  /** always equal to rawPopulation: that is what the scaling is for */
  weightedPopulation: Rational;
  /** always equal to the total */
  fairSharePence: number;
}

export interface FairShareResult {
  serviceLine: string;
  totalPence: number;
  /** k = raw population ÷ unscaled weighted population (per unit of weight) */
  scale: Rational;
  /** one per practice, in the order given */
  rows: PracticeFairShare[];
  totals: FairShareTotals;
  /** R: the pence placed one each by largest remainder (0 ≤ R < practices) */
  leftoverPence: number;
  /**
   * One practice's arithmetic band by band: all 40 sex × age-band cells, males first, youngest
   * first (worked out when asked: 6,500 practices × 40 bands are not built for every call).
   */
  bandsOf(practiceCode: string): BandArithmetic[];
}

export const ROUNDING_RULE = 'Each practice first gets the whole pence of its exact share (the total × its weighted population ÷ the commissioner’s). '
  + 'The pence left over (fewer than the number of practices) go one each to the practices with the largest fractions of a penny left, '
  + 'equal fractions in practice code order. So the fair shares add up exactly to the total, and each is less than a penny from its exact share.';

export type CapitationProblem =
  | 'missing_weights' | 'invalid_weight' | 'duplicate_weight' | 'no_population' | 'zero_population'
  | 'invalid_patients' | 'duplicate_practice' | 'duplicate_band' | 'negative_total' | 'invalid_total';

export interface CapitationErrorDetail { practiceCode?: string; sex?: Sex; ageBand?: string; message: string }

export class CapitationError extends Error {
  constructor(readonly code: CapitationProblem, message: string, readonly details: CapitationErrorDetail[] = []) {
    super(message);
    this.name = 'CapitationError';
  }
}

// ---------------------------------------------------------------------------------------------
// Largest remainder

export interface Apportioned {
  /** whole pence per part, in the order given; they add up to the total */
  pence: number[];
  /** which parts got one of the leftover pence */
  extra: boolean[];
  /** how many pence were left over after the whole pence of every exact share */
  leftover: number;
}

/**
 * Splits `totalPence` in proportion to whole-number weights by largest remainder (see the module
 * comment): exact shares total × w ÷ Σw, floored, and the pence left over one each to the largest
 * remainders, equal remainders by key ascending. Keys must be distinct; weights ≥ 0, not all 0.
 */
export function apportionPence(totalPence: number, parts: readonly { key: string; weight: bigint }[]): Apportioned {
  if (!Number.isSafeInteger(totalPence) || totalPence < 0) throw new RangeError(`the total must be a whole number of pence, 0 or more (got ${totalPence})`);
  if (new Set(parts.map((p) => p.key)).size !== parts.length) throw new RangeError('each part needs its own key');
  if (parts.some((p) => p.weight < 0n)) throw new RangeError('weights cannot be negative');
  const sum = parts.reduce((a, p) => a + p.weight, 0n);
  if (sum === 0n) throw new RangeError('there is nothing to share in proportion to: every weight is 0');
  const total = BigInt(totalPence);
  const floors = parts.map((p) => (total * p.weight) / sum);
  const remainders = parts.map((p) => (total * p.weight) % sum);
  const leftover = Number(total - floors.reduce((a, f) => a + f, 0n));
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = remainders[a]!;
    const rb = remainders[b]!;
    if (ra !== rb) return ra > rb ? -1 : 1;
    const [ka, kb] = [parts[a]!.key, parts[b]!.key];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const extra = parts.map(() => false);
  for (const i of order.slice(0, leftover)) extra[i] = true;
  return { pence: floors.map((f, i) => Number(f) + (extra[i] ? 1 : 0)), extra, leftover };
}

// ---------------------------------------------------------------------------------------------
// Fair shares

/** A cell's place in CELLS (males first, youngest first), or undefined for no such cell. */
const SEX_OFFSET: Readonly<Record<string, number>> = { M: 0, F: AGE_BANDS.length };
const BAND_INDEX = new Map<string, number>(AGE_BANDS.map((band, i) => [band, i]));
function cellIndex(sex: string, ageBand: string): number | undefined {
  const offset = SEX_OFFSET[sex];
  const band = BAND_INDEX.get(ageBand);
  return offset === undefined || band === undefined ? undefined : offset + band;
}
const pounds = (pence: number) => `£${(Math.abs(pence) / 100).toFixed(2)}`;

/** The weight of each cell of CELLS in millionths (undefined: none), checked. */
function weightTable(serviceLine: string, weights: readonly BandWeight[]): (bigint | undefined)[] {
  const table: (bigint | undefined)[] = CELLS.map(() => undefined);
  for (const w of weights) {
    const index = cellIndex(w.sex, w.ageBand);
    if (index === undefined) {
      throw new CapitationError('invalid_weight', `The ${serviceLine} weights give an unknown band (${w.sex} ${w.ageBand}).`, [{ sex: w.sex, ageBand: w.ageBand, message: 'is not a sex and five-year age band' }]);
    }
    if (table[index] !== undefined) {
      throw new CapitationError('duplicate_weight', `The ${serviceLine} weights give ${describeCell(w.sex, w.ageBand)} twice.`, [{ sex: w.sex, ageBand: w.ageBand, message: 'is given twice' }]);
    }
    const millionths = weightMillionths(w.weight);
    if (millionths === null) {
      throw new CapitationError('invalid_weight',
        `The ${serviceLine} weight for ${describeCell(w.sex, w.ageBand)} must be a positive number with at most ${WEIGHT_PLACES} decimal places (it is ${JSON.stringify(String(w.weight))}).`,
        [{ sex: w.sex, ageBand: w.ageBand, message: 'must be a positive number with at most 6 decimal places' }]);
    }
    table[index] = millionths;
  }
  return table;
}

/** Each practice's patients in each cell of CELLS (-1: not given), checked. */
function patientTables(populations: readonly PracticePopulation[]): number[][] {
  const seen = new Set<string>();
  return populations.map((p) => {
    if (seen.has(p.practiceCode)) {
      throw new CapitationError('duplicate_practice', `Practice ${p.practiceCode} is given twice.`, [{ practiceCode: p.practiceCode, message: 'is given twice' }]);
    }
    seen.add(p.practiceCode);
    const cells = CELLS.map(() => -1);
    for (const b of p.bands) {
      const index = cellIndex(b.sex, b.ageBand);
      if (index === undefined) {
        throw new CapitationError('invalid_patients', `Practice ${p.practiceCode} has patients in an unknown band (${b.sex} ${b.ageBand}).`, [{ practiceCode: p.practiceCode, sex: b.sex, ageBand: b.ageBand, message: 'is not a sex and five-year age band' }]);
      }
      if (cells[index] !== -1) {
        throw new CapitationError('duplicate_band', `Practice ${p.practiceCode} gives ${describeCell(b.sex, b.ageBand)} twice.`, [{ practiceCode: p.practiceCode, sex: b.sex, ageBand: b.ageBand, message: 'is given twice' }]);
      }
      if (!Number.isSafeInteger(b.patients) || b.patients < 0) {
        throw new CapitationError('invalid_patients', `Practice ${p.practiceCode} has ${b.patients} patients as ${describeCell(b.sex, b.ageBand)}: it must be a whole number, 0 or more.`, [{ practiceCode: p.practiceCode, sex: b.sex, ageBand: b.ageBand, message: 'must be a whole number, 0 or more' }]);
      }
      cells[index] = b.patients;
    }
    return cells;
  });
}

/**
 * Fair shares of one service line's total for the practices given (FORMATS.md's rule; see the
 * module comment for the arithmetic, the precision and where the last penny goes). Throws a
 * CapitationError on bad input.
 */
export function computeFairShares(input: FairShareInput): FairShareResult {
  const { serviceLine, totalPence, populations } = input;
  if (typeof totalPence !== 'number' || !Number.isSafeInteger(totalPence)) {
    throw new CapitationError('invalid_total', `The ${serviceLine} total must be a whole number of pence (it is ${String(totalPence)}).`);
  }
  if (totalPence < 0) {
    throw new CapitationError('negative_total', `The ${serviceLine} total must not be negative (it is -${pounds(totalPence)}).`);
  }
  const weights = weightTable(serviceLine, input.weights);
  const patients = patientTables(populations);
  if (!populations.length || populations.every((p) => p.bands.length === 0)) {
    throw new CapitationError('no_population', `There is no registered population to share the ${serviceLine} budget by.`);
  }

  const missing = new Map<number, { sex: Sex; ageBand: AgeBand; practices: string[]; patients: number }>();
  const rows = populations.map((p, i) => {
    const cells = patients[i]!;
    let raw = 0;
    let unscaled = 0n;
    for (let k = 0; k < CELLS.length; k++) {
      const count = Math.max(cells[k]!, 0);
      if (!count) continue;
      const weight = weights[k];
      if (weight === undefined) {
        const gap = missing.get(k) ?? { ...CELLS[k]!, practices: [], patients: 0 };
        gap.practices.push(p.practiceCode);
        gap.patients += count;
        missing.set(k, gap);
        continue;
      }
      raw += count;
      unscaled += BigInt(count) * weight;
    }
    return { practiceCode: p.practiceCode, raw, unscaled };
  });

  if (missing.size) {
    const gaps = [...missing.entries()].sort(([a], [b]) => a - b).map(([, gap]) => gap);
    throw new CapitationError('missing_weights',
      `There is no ${serviceLine} weight for ${gaps.map((g) => describeCell(g.sex, g.ageBand)).join(', ')}, where practices have registered patients. `
      + `Import weights.csv with all 40 sex and age bands for ${serviceLine}.`,
      gaps.map((g) => ({ sex: g.sex, ageBand: g.ageBand, message: `no ${serviceLine} weight for ${describeCell(g.sex, g.ageBand)} (${g.patients} patients at ${g.practices.join(', ')})` })));
  }

  const rawTotal = rows.reduce((a, r) => a + r.raw, 0);
  if (rawTotal === 0) {
    throw new CapitationError('zero_population', `The registered population is 0, so the ${serviceLine} budget cannot be shared by it.`);
  }
  // Every band with patients has a positive weight, so the unscaled total is positive too.
  const unscaledTotal = rows.reduce((a, r) => a + r.unscaled, 0n);
  const n = BigInt(rawTotal);
  const total = BigInt(totalPence);
  const apportioned = apportionPence(totalPence, rows.map((r) => ({ key: r.practiceCode, weight: r.unscaled })));

  return {
    serviceLine,
    totalPence,
    scale: rational(n * MILLION, unscaledTotal),
    rows: rows.map((r, i) => ({
      practiceCode: r.practiceCode,
      rawPopulation: r.raw,
      unscaledWeighted: millionthsString(r.unscaled),
      unscaledWeightedMillionths: r.unscaled,
      weightedPopulation: rational(r.unscaled * n, unscaledTotal),
      share: rational(r.unscaled, unscaledTotal),
      exactPence: rational(r.unscaled * total, unscaledTotal),
      fairSharePence: apportioned.pence[i]!,
      extraPenny: apportioned.extra[i]!,
    })),
    totals: {
      practices: rows.length,
      rawPopulation: rawTotal,
      unscaledWeighted: millionthsString(unscaledTotal),
      unscaledWeightedMillionths: unscaledTotal,
      weightedPopulation: rational(n),
      fairSharePence: totalPence,
    },
    leftoverPence: apportioned.leftover,
    bandsOf(practiceCode: string): BandArithmetic[] {
      const i = populations.findIndex((p) => p.practiceCode === practiceCode);
      if (i < 0) throw new RangeError(`practice ${practiceCode} is not among those shared between`);
      const cells = patients[i]!;
      return CELLS.map(({ sex, ageBand }, k) => {
        const count = Math.max(cells[k]!, 0);
        const weight = weights[k];
        const weighted = weight === undefined ? 0n : BigInt(count) * weight;
        return { sex, ageBand, patients: count, weight: weight === undefined ? null : millionthsString(weight), weighted: millionthsString(weighted), weightedMillionths: weighted };
      });
    },
  };
}
