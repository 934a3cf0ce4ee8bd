import { describe, expect, it } from 'vitest';
import { applyMff, mffTenThousandths, Tariff, type TariffRow } from './pricing.js';

const rows: TariffRow[] = [
  { year: '2025/26', pod: 'OPFA', tfc: '', hrg: '', pricePence: 16000 },
  { year: '2025/26', pod: 'OPFA', tfc: '110', hrg: '', pricePence: 18500 },
  { year: '2025/26', pod: 'OPFA', tfc: '', hrg: 'WF01B', pricePence: 17200 },
  { year: '2025/26', pod: 'DC', tfc: '130', hrg: 'BZ34B', pricePence: 98000 },
  { year: '2025/26', pod: 'DC', tfc: '', hrg: 'BZ34B', pricePence: 95000 },
  { year: '2024/25', pod: 'OPFA', tfc: '', hrg: '', pricePence: 15600 },
];
const tariff = new Tariff(rows);

describe('pricing at tariff (FORMATS.md: most specific row, × MFF, rounded to the penny)', () => {
  it('prefers pod+hrg, then pod+tfc, then pod alone', () => {
    expect(tariff.find({ year: '2025/26', pod: 'OPFA', tfc: '110', hrg: 'WF01B' })).toEqual({ nationalPricePence: 17200, basis: 'pod+hrg' });
    expect(tariff.find({ year: '2025/26', pod: 'OPFA', tfc: '110', hrg: null })).toEqual({ nationalPricePence: 18500, basis: 'pod+tfc' });
    expect(tariff.find({ year: '2025/26', pod: 'OPFA', tfc: '300', hrg: 'XX99' })).toEqual({ nationalPricePence: 16000, basis: 'pod' });
    expect(tariff.find({ year: '2025/26', pod: 'DC', tfc: '130', hrg: 'BZ34B' })).toEqual({ nationalPricePence: 98000, basis: 'pod+tfc+hrg' });
  });
  it('prices by the line’s own financial year', () => {
    expect(tariff.find({ year: '2024/25', pod: 'OPFA', tfc: '110', hrg: null })?.nationalPricePence).toBe(15600);
  });
  it('leaves a line with no row unpriced, never zero', () => {
    expect(tariff.price({ year: '2025/26', pod: 'NEL', tfc: '300', hrg: null }, 1)).toBeUndefined();
    expect(tariff.price({ year: '2023/24', pod: 'OPFA', tfc: '110', hrg: null }, 1)).toBeUndefined();
  });
  it('applies the market forces factor exactly, rounding half away from zero (hand-computed)', () => {
    // £185.00 × 1.0432 = £192.992 → £192.99
    expect(tariff.price({ year: '2025/26', pod: 'OPFA', tfc: '110', hrg: null }, 1.0432)).toEqual({ pricePence: 19299, basis: 'pod+tfc', nationalPricePence: 18500 });
    // 12345p × 1.05 = 12962.25p → 12962p; 12350p × 1.05 = 12967.5p → 12968p (half goes up)
    expect(applyMff(12345, 1.05)).toBe(12962);
    expect(applyMff(12350, 1.05)).toBe(12968);
    // 101p × 0.995 = 100.495p → 100p; 1p × 1.5 = 1.5p → 2p
    expect(applyMff(101, 0.995)).toBe(100);
    expect(applyMff(1, 1.5)).toBe(2);
    expect(applyMff(16000, 1)).toBe(16000);
  });
  it('reads MFFs as exact ten-thousandths', () => {
    expect(mffTenThousandths(1.0432)).toBe(10432);
    expect(mffTenThousandths('0.9')).toBe(9000);
    expect(mffTenThousandths(2)).toBe(20000);
    expect(() => mffTenThousandths('1.00001')).toThrow(/4 decimal places/);
  });
});
