/**
 * Money is integer pence in storage and arithmetic (never floating pounds). Files carry pounds
 * with up to two decimals; this is the one place that turns one into the other.
 */
import { fail, ok, type Parsed } from '../org/parsed.js';

const POUNDS = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** `123.4` → 12340 pence. A leading £ and thousands commas are forgiven; negatives are not money here. */
export function parsePounds(input: string): Parsed<number> {
  const text = input.trim().replace(/^£/, '').replace(/,(?=\d{3}(?:\D|$))/g, '');
  const match = POUNDS.exec(text);
  if (!match) return fail('must be an amount in pounds with up to 2 decimal places, like 1234.50');
  return ok(Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')));
}

/** Divides and rounds half away from zero, exactly, in integers (both arguments whole numbers). */
export function divideRounded(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`divideRounded needs safe integers and a non-zero denominator (got ${numerator} / ${denominator})`);
  }
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const [n, d] = [Math.abs(numerator), Math.abs(denominator)];
  const whole = Math.floor(n / d);
  const remainder = n - whole * d;
  return sign * (remainder * 2 >= d ? whole + 1 : whole);
}

/** 1234567 → "£12,345.67"; negative amounts as "-£12.00". */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}
