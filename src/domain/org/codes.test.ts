import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommissionerCode, parseGroupCode, parsePracticeCode, parseProviderCode } from './codes.js';

describe('parsePracticeCode', () => {
  it('accepts one letter and five digits, in any case, and upper-cases it', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z][0-9]{5}$/), (code) => {
      expect(parsePracticeCode(` ${code} `)).toEqual({ ok: true, value: code.toUpperCase() });
    }));
  });

  it('rejects anything else with a message that shows the expected shape', () => {
    for (const bad of ['', 'E8204', 'E820441', '882044', 'EE2044', 'E82 044', 'E82O44']) {
      expect(parsePracticeCode(bad)).toEqual({ ok: false, message: 'must be an ODS practice code: one letter and five digits, like E82044' });
    }
    fc.assert(fc.property(fc.string(), (s) => {
      const result = parsePracticeCode(s);
      expect(result.ok).toBe(/^[A-Za-z][0-9]{5}$/.test(s.trim()));
    }));
  });
});

describe('parseProviderCode and parseCommissionerCode', () => {
  it('accept 3 to 5 letters or digits, upper-cased', () => {
    expect(parseProviderCode('rwg01')).toEqual({ ok: true, value: 'RWG01' });
    expect(parseProviderCode('NT4')).toEqual({ ok: true, value: 'NT4' });
    expect(parseCommissionerCode(' qm7 ')).toEqual({ ok: true, value: 'QM7' });
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9]{3,5}$/), (code) => {
      expect(parseProviderCode(code)).toEqual({ ok: true, value: code.toUpperCase() });
      expect(parseCommissionerCode(code)).toEqual({ ok: true, value: code.toUpperCase() });
    }));
  });

  it('reject too short, too long and punctuation', () => {
    for (const bad of ['', 'RW', 'RWG012', 'RW-1', 'R G']) {
      expect(parseProviderCode(bad)).toMatchObject({ ok: false, message: expect.stringContaining('3 to 5 letters or digits') });
      expect(parseCommissionerCode(bad)).toMatchObject({ ok: false, message: expect.stringContaining('commissioner code') });
    }
  });
});

describe('parseGroupCode', () => {
  it('keeps a free code as written, trimmed', () => {
    expect(parseGroupCode(' North Herts ')).toEqual({ ok: true, value: 'North Herts' });
    expect(parseGroupCode('STALB-1')).toEqual({ ok: true, value: 'STALB-1' });
  });

  it('rejects blanks, odd characters and very long codes', () => {
    for (const bad of ['', '  ', '-north', 'a;b', 'x'.repeat(41)]) expect(parseGroupCode(bad).ok).toBe(false);
  });
});
