import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, formatPence, parsePounds } from './money.js';

describe('parsePounds', () => {
  it.each([['123.45', 12345], ['123.4', 12340], ['123', 12300], ['0.05', 5], ['£1,234.50', 123450], [' 7 ', 700]])('%s → %i pence', (input, pence) => {
    expect(parsePounds(input)).toEqual({ ok: true, value: pence });
  });
  it.each(['', '1.234', '-5', 'abc', '1.2.3', '12,34'])('refuses %j', (input) => {
    expect(parsePounds(input).ok).toBe(false);
  });
});

describe('divideRounded (half away from zero)', () => {
  it.each([[5, 2, 3], [-5, 2, -3], [4, 2, 2], [7, 3, 2], [8, 3, 3], [-7, 3, -2], [1, -2, -1], [0, 5, 0]])('%i / %i = %i', (n, d, q) => {
    expect(divideRounded(n, d)).toBe(q);
  });
  it('is never more than half away from the exact quotient, and halves go outward', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
      const q = divideRounded(n, d);
      const error = Math.abs(q * d - n) * 2;
      expect(error).toBeLessThanOrEqual(d);
      if (error === d) expect(Math.abs(q * d)).toBeGreaterThan(Math.abs(n));
    }));
  });
});

it('formats pence as pounds', () => {
  expect(formatPence(123456789)).toBe('£1,234,567.89');
  expect(formatPence(-1200)).toBe('-£12.00');
  expect(formatPence(5)).toBe('£0.05');
});
