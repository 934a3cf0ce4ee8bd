import { describe, expect, it } from 'vitest';
import { parsePopulationRow, parsePracticeRow, parseProviderRow } from './rows.js';

describe('parsePracticeRow', () => {
  it('returns clean values', () => {
    expect(parsePracticeRow({ practice_code: 'e82044', name: ' Maltings Surgery ', postcode: 'al1 3ew', group_code: 'NORTH', commissioner_code: 'qm7' }))
      .toEqual({ ok: true, value: { code: 'E82044', name: 'Maltings Surgery', postcode: 'AL1 3EW', groupCode: 'NORTH', commissionerCode: 'QM7' } });
  });

  it('reports every bad cell with its column and value, and treats missing cells as blank', () => {
    const result = parsePracticeRow({ practice_code: 'X1', name: 'A', postcode: 'nowhere', group_code: 'NORTH' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { column: 'practice_code', value: 'X1', message: expect.stringContaining('ODS practice code') },
        { column: 'postcode', value: 'nowhere', message: 'must be a UK postcode, like AL1 3EW' },
        { column: 'commissioner_code', value: '', message: expect.stringContaining('commissioner code') },
      ],
    });
  });
});

describe('parseProviderRow', () => {
  it('defaults the MFF to 1', () => {
    expect(parseProviderRow({ provider_code: 'RWG', name: 'West Herts', kind: 'acute' }))
      .toEqual({ ok: true, value: { code: 'RWG', name: 'West Herts', kind: 'acute', mff: 1 } });
  });
});

describe('parsePopulationRow', () => {
  it('returns clean values', () => {
    expect(parsePopulationRow({ practice_code: 'E82044', period: '2025-10-01', sex: 'F', age_band: '95+', patients: '7' }))
      .toEqual({ ok: true, value: { practiceCode: 'E82044', period: '2025-10-01', sex: 'F', ageBand: '95+', patients: 7 } });
  });

  it('names the bad cell', () => {
    expect(parsePopulationRow({ practice_code: 'E82044', period: '2025-10-01', sex: 'F', age_band: '0-4', patients: '-3' }))
      .toEqual({ ok: false, errors: [{ column: 'patients', value: '-3', message: 'must be a whole number of 0 or more' }] });
  });
});
