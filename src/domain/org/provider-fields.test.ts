import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMff, parseProviderKind, PROVIDER_KINDS } from './provider-fields.js';

describe('parseProviderKind', () => {
  it('accepts each kind, forgiving case, spaces and hyphens', () => {
    for (const kind of PROVIDER_KINDS) expect(parseProviderKind(kind)).toEqual({ ok: true, value: kind });
    expect(parseProviderKind(' Mental Health ')).toEqual({ ok: true, value: 'mental_health' });
    expect(parseProviderKind('PRIMARY-CARE')).toEqual({ ok: true, value: 'primary_care' });
  });

  it('rejects anything else and lists the kinds', () => {
    expect(parseProviderKind('hospital')).toEqual({ ok: false, message: 'must be one of acute, community, mental_health, independent, primary_care' });
    expect(parseProviderKind('').ok).toBe(false);
  });
});

describe('parseMff', () => {
  it('defaults to 1 when blank', () => {
    expect(parseMff('')).toEqual({ ok: true, value: 1 });
    expect(parseMff('  ')).toEqual({ ok: true, value: 1 });
  });

  it('accepts positive decimals with up to 4 places', () => {
    expect(parseMff('1.0432')).toEqual({ ok: true, value: 1.0432 });
    expect(parseMff('.95')).toEqual({ ok: true, value: 0.95 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999 }), (tenThousandths) => {
      const text = (tenThousandths / 10_000).toFixed(4);
      expect(parseMff(text)).toEqual({ ok: true, value: Number(text) });
    }));
  });

  it('rejects zero, negatives, too many places and text', () => {
    for (const bad of ['0', '0.0000', '-1', '1.00001', 'abc', '1,05', '10000', '1e3']) {
      expect(parseMff(bad)).toEqual({ ok: false, message: 'must be a positive number with up to 4 decimal places, like 1.0432 (blank means 1)' });
    }
  });
});
