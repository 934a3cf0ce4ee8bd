import { describe, expect, it } from 'vitest';
import { checkCode, isSnomedId, normaliseIcd10, verhoeffValid } from './clinical-codes.js';

describe('clinical codes', () => {
  it('normalises ICD-10 with or without the dot', () => {
    expect(normaliseIcd10('M171')).toBe('M17.1');
    expect(normaliseIcd10('m17.1')).toBe('M17.1');
    expect(normaliseIcd10('E66')).toBe('E66');
    expect(normaliseIcd10('17.1')).toBeNull();
  });

  it('checks SNOMED CT identifiers by their Verhoeff digit', () => {
    // Well-known concepts: 22298006 myocardial infarction, 239873007 osteoarthritis of knee, 73211009 diabetes mellitus
    for (const id of ['22298006', '239873007', '73211009', '404684003']) expect(isSnomedId(id)).toBe(true);
    expect(isSnomedId('22298007')).toBe(false);
    expect(verhoeffValid('2363')).toBe(true); // textbook example: 236 + check digit 3
  });

  it('explains a code of the wrong shape', () => {
    expect(checkCode('icd10', 'XYZ')).toEqual({ ok: false, message: expect.stringMatching(/not an ICD-10 code/) });
    expect(checkCode('read2', 'N245.')).toEqual({ ok: true, code: 'N245.' });
    expect(checkCode('snomed', '123')).toMatchObject({ ok: false });
  });
});
