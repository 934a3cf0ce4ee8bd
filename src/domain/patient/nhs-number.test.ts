import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNhsNumber, isValidNhsNumber, nhsNumberCheckDigit, nhsNumberProblem } from './nhs-number.js';

describe('NHS number', () => {
  it('accepts published test numbers', () => {
    // PDS sandbox patients and the NHS Data Dictionary example
    for (const n of ['9000000009', '9000000025', '9000000033', '9434765919', '943 476 5919']) expect(isValidNhsNumber(n)).toBe(true);
  });

  it('refuses a wrong check digit, wrong length and letters, saying why', () => {
    expect(nhsNumberProblem('9434765918')).toMatch(/check digit/);
    expect(nhsNumberProblem('943476591')).toMatch(/10 digits/);
    expect(nhsNumberProblem('94347659AB')).toMatch(/only digits/);
    expect(nhsNumberProblem('9434765919')).toBeNull();
  });

  it('refuses nine-digit stems whose check would be 10', () => {
    // 1000000060: sum = 10*1 + 2*6 = 22 → 11 - 0 = 11 → 0; find a stem giving 10 instead.
    const stem = '100000001'; // sum = 10 + 2*1 = 12 → 12 mod 11 = 1 → 11 - 1 = 10
    expect(nhsNumberCheckDigit(stem)).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${stem}${d}`)).toBe(false);
  });

  it('has exactly one valid last digit for every stem that allows one', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{9}$/), (stem) => {
      const valid = [...'0123456789'].filter((d) => isValidNhsNumber(stem + d));
      expect(valid.length).toBe(nhsNumberCheckDigit(stem) === null ? 0 : 1);
    }));
  });

  it('formats as 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
