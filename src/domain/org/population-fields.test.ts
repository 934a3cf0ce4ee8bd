import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../population/age-bands.js';
import { parseAgeBand, parsePatients, parseSex } from './population-fields.js';

describe('parseSex', () => {
  it('accepts M and F, and Male / Female, in any case', () => {
    expect(parseSex('m')).toEqual({ ok: true, value: 'M' });
    expect(parseSex(' F ')).toEqual({ ok: true, value: 'F' });
    expect(parseSex('MALE')).toEqual({ ok: true, value: 'M' });
    expect(parseSex('female')).toEqual({ ok: true, value: 'F' });
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'X', 'U', 'MF', '1']) expect(parseSex(bad)).toEqual({ ok: false, message: 'must be M or F' });
  });
});

describe('parseAgeBand', () => {
  it('accepts every published band, and NHS Digital spellings', () => {
    for (const band of AGE_BANDS) expect(parseAgeBand(band)).toEqual({ ok: true, value: band });
    expect(parseAgeBand('0_4')).toEqual({ ok: true, value: '0-4' });
    expect(parseAgeBand('95_PLUS')).toEqual({ ok: true, value: '95+' });
    expect(parseAgeBand(' 10 - 14 ')).toEqual({ ok: true, value: '10-14' });
  });

  it('rejects other bands and lists the expected ones', () => {
    for (const bad of ['', '0-5', '100+', '95', 'adult']) {
      expect(parseAgeBand(bad)).toEqual({ ok: false, message: 'must be an age band: 0-4, 5-9, … 90-94 or 95+' });
    }
  });
});

describe('parsePatients', () => {
  it('accepts whole numbers from 0', () => {
    fc.assert(fc.property(fc.nat(), (n) => {
      expect(parsePatients(String(n))).toEqual({ ok: true, value: n });
    }));
    expect(parsePatients(' 12 ')).toEqual({ ok: true, value: 12 });
  });

  it('rejects negatives, fractions, blanks, separators and values too big to store', () => {
    for (const bad of ['-3', '1.5', '', 'ten', '1,234', '1e3', '2147483648']) {
      expect(parsePatients(bad)).toEqual({ ok: false, message: 'must be a whole number of 0 or more' });
    }
  });
});
