import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePostcode } from './postcode.js';

const VALID = ['AL1 3EW', 'SW1A 1AA', 'EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'GIR 0AA'];

describe('parsePostcode', () => {
  it('normalises to upper case with one space', () => {
    expect(parsePostcode('al1 3ew')).toEqual({ ok: true, value: 'AL1 3EW' });
    expect(parsePostcode('AL13EW')).toEqual({ ok: true, value: 'AL1 3EW' });
    expect(parsePostcode('  sw1a   1aa ')).toEqual({ ok: true, value: 'SW1A 1AA' });
    for (const postcode of VALID) expect(parsePostcode(postcode)).toEqual({ ok: true, value: postcode });
  });

  it('gives the same answer whatever the case and spacing, and is idempotent', () => {
    const spacing = fc.array(fc.constantFrom('', ' ', '  ', '\t'), { minLength: 9, maxLength: 9 });
    fc.assert(fc.property(fc.constantFrom(...VALID), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), spacing, (postcode, upper, spaces) => {
      const chars = postcode.replace(' ', '').split('');
      const messy = chars.map((c, i) => `${spaces[i]}${upper[i] ? c : c.toLowerCase()}`).join('') + spaces[8];
      const parsed = parsePostcode(messy);
      expect(parsed).toEqual({ ok: true, value: postcode });
      if (parsed.ok) expect(parsePostcode(parsed.value)).toEqual(parsed);
    }));
  });

  it('rejects garbage', () => {
    for (const bad of ['', 'garbage', '12345', 'AL1', 'AL1 3E', 'AL1 3EWX', 'QL1 3EW', 'AL1 3CW', 'AL1-3EW', 'E82044']) {
      expect(parsePostcode(bad)).toEqual({ ok: false, message: 'must be a UK postcode, like AL1 3EW' });
    }
    fc.assert(fc.property(fc.string(), (s) => {
      const result = parsePostcode(s);
      if (result.ok) expect(result.value).toMatch(/^[A-Z0-9]{2,4} [0-9][A-Z]{2}$/);
    }));
  });
});
