import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './iso-date.js';

describe('parseIsoDate', () => {
  it('accepts every real date and returns it unchanged', () => {
    const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(fc.property(dates, (date) => {
      const iso = date.toISOString().slice(0, 10);
      expect(parseIsoDate(iso)).toEqual({ ok: true, value: iso });
    }));
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-04-31', '2025-00-10', '2025-01-00']) {
      expect(parseIsoDate(bad)).toEqual({ ok: false, message: `must be a real date written YYYY-MM-DD; ${bad} does not exist` });
    }
  });

  it('rejects other ways of writing a date', () => {
    for (const bad of ['', '01/10/2025', '2025-10-1', '20251001', '01OCT2025', '2025-10-01T00:00']) {
      expect(parseIsoDate(bad)).toEqual({ ok: false, message: 'must be a date written YYYY-MM-DD, like 2025-10-01' });
    }
  });
});
