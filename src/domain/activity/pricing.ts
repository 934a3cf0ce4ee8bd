/**
 * Payment by results (ACT-2, FORMATS.md "Tariff"): a line is priced by the most specific tariff
 * row of its financial year and point of delivery, multiplied by its provider's market forces
 * factor and rounded to the penny, half away from zero. No row: unpriced, never zero.
 */
import { divideRounded } from './money.js';

export const PODS = ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'AE'] as const;
export type Pod = (typeof PODS)[number];

export const POD_LABELS: Record<Pod, string> = {
  OPFA: 'Outpatient first attendance',
  OPFU: 'Outpatient follow-up',
  OPPROC: 'Outpatient procedure',
  DC: 'Day case',
  EL: 'Elective admission',
  NEL: 'Non-elective admission',
  AE: 'A&E attendance',
};

/** A row of tariff.csv; '' in tfc or hrg means "any". */
export interface TariffRow { year: string; pod: Pod; tfc: string; hrg: string; pricePence: number }

/** Which row priced a line, most specific first. */
export const TARIFF_BASES = ['pod+tfc+hrg', 'pod+hrg', 'pod+tfc', 'pod'] as const;
export type TariffBasis = (typeof TARIFF_BASES)[number];

export interface LineToPrice { year: string; pod: Pod; tfc: string | null; hrg: string | null }
export interface Price { pricePence: number; basis: TariffBasis; nationalPricePence: number }

/** The market forces factor as a whole number of ten-thousandths: 1.0432 → 10432 (exact integer arithmetic). */
export function mffTenThousandths(mff: number | string): number {
  const [whole = '0', fraction = ''] = String(mff).split('.');
  if (fraction.length > 4) throw new RangeError(`a market forces factor has at most 4 decimal places (got ${mff})`);
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
}

/** national price × MFF, rounded half away from zero to the penny. */
export const applyMff = (nationalPricePence: number, mff: number | string) =>
  divideRounded(nationalPricePence * mffTenThousandths(mff), 10_000);

/** The tariff indexed for pricing many lines: each lookup is a few map reads. */
export class Tariff {
  private readonly rows = new Map<string, number>();

  constructor(rows: Iterable<TariffRow>) {
    for (const r of rows) this.rows.set(key(r.year, r.pod, r.tfc, r.hrg), r.pricePence);
  }

  get size() { return this.rows.size; }

  /** The most specific row for the line, or undefined when the tariff has none. */
  find(line: LineToPrice): { nationalPricePence: number; basis: TariffBasis } | undefined {
    const tfc = line.tfc ?? '';
    const hrg = line.hrg ?? '';
    const candidates: [TariffBasis, string, string][] = [['pod+tfc+hrg', tfc, hrg], ['pod+hrg', '', hrg], ['pod+tfc', tfc, ''], ['pod', '', '']];
    for (const [basis, t, h] of candidates) {
      if ((basis.includes('tfc') && !tfc) || (basis.includes('hrg') && !hrg)) continue;
      const price = this.rows.get(key(line.year, line.pod, t, h));
      if (price !== undefined) return { nationalPricePence: price, basis };
    }
    return undefined;
  }

  /** The line's price at its provider's MFF, or undefined (unpriced). */
  price(line: LineToPrice, mff: number | string): Price | undefined {
    const found = this.find(line);
    return found && { pricePence: applyMff(found.nationalPricePence, mff), basis: found.basis, nationalPricePence: found.nationalPricePence };
  }
}

const key = (year: string, pod: string, tfc: string, hrg: string) => `${year}|${pod}|${tfc}|${hrg}`;
