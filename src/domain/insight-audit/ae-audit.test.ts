import { describe, expect, it } from 'vitest';
import { ageBandOn, ageGroupOf, ageOn, auditProblems, checkEntry, isInHours, parseLocalDateTime, type EntryInput } from './ae-audit.js';

describe('isInHours: Monday to Friday 08:00–18:30, bank holidays out', () => {
  it.each([
    ['2025-10-14T08:00', true], // Tuesday, opening
    ['2025-10-14T07:59', false],
    ['2025-10-14T18:29', true],
    ['2025-10-14T18:30', false], // closing: out of hours from 18:30
    ['2025-10-14T23:15', false],
    ['2025-10-17T12:00', true], // Friday
    ['2025-10-18T12:00', false], // Saturday
    ['2025-10-19T10:00', false], // Sunday
    ['2025-12-25T10:00', false], // Christmas Day (Thursday)
    ['2025-12-26T10:00', false], // Boxing Day (Friday)
    ['2025-04-18T10:00', false], // Good Friday
    ['2025-04-21T10:00', false], // Easter Monday
    ['2025-08-25T11:00', false], // Summer bank holiday
    ['2025-12-24T11:00', true],
  ])('%s → %s', (at, expected) => {
    expect(isInHours(at)).toBe(expected);
  });

  it('refuses what is not a real local date and time', () => {
    expect(parseLocalDateTime('2025-02-29T10:00')).toBeNull();
    expect(parseLocalDateTime('2025-10-14 10:00')).toBeNull();
    expect(parseLocalDateTime('2025-10-14T24:00')).toBeNull();
    expect(() => isInHours('14/10/2025 10:00')).toThrow(RangeError);
  });
});

describe('ages', () => {
  it('counts whole years, birthdays included', () => {
    expect(ageOn('1980-10-14', '2025-10-14')).toBe(45);
    expect(ageOn('1980-10-15', '2025-10-14')).toBe(44);
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
  });

  it.each([
    ['2025-10-01', '2025-10-14', '0-4'],
    ['2020-10-15', '2025-10-14', '0-4'], // 4 years old, a day short of 5
    ['2020-10-14', '2025-10-14', '5-9'],
    ['1955-01-01', '2025-10-14', '70-74'],
    ['1920-01-01', '2025-10-14', '95+'],
  ])('born %s, on %s: %s', (dob, on, band) => {
    expect(ageBandOn(dob, on)).toBe(band);
  });

  it.each([['0-4', '0-4'], ['5-9', '5-14'], ['10-14', '5-14'], ['20-24', '15-24'], ['40-44', '25-44'], ['60-64', '45-64'], ['70-74', '65-74'], ['75-79', '75+'], ['95+', '75+']])(
    'band %s is in the age group %s', (band, group) => expect(ageGroupOf(band)).toBe(group),
  );
});

const PERIOD = { start: '2025-10-01', end: '2025-10-31' };
const TODAY = '2025-11-10';
const valid: EntryInput = {
  nhsNumber: '943 476 5919', dateOfBirth: '1990-06-01', sex: 'F', attendedAt: '2025-10-14T19:45', reason: '  Chest   pain ',
  primaryCareCouldSee: 'no', outcome: 'admitted', notes: '',
};

describe('checkEntry', () => {
  it('keeps the band, not the date of birth, and works out in hours', () => {
    const checked = checkEntry(valid, PERIOD, TODAY);
    expect(checked).toEqual({
      ok: true,
      entry: {
        nhsNumber: '9434765919', ageBand: '35-39', sex: 'F', attendedAt: '2025-10-14T19:45', inHours: false, reason: 'Chest pain',
        primaryCareCouldSee: 'no', outcome: 'admitted', notes: '',
      },
    });
    expect(JSON.stringify(checked)).not.toContain('1990-06-01');
  });

  it('takes an age band when there is no date of birth', () => {
    const checked = checkEntry({ ...valid, dateOfBirth: null, ageBand: '0-4', attendedAt: '2025-10-15T10:00' }, PERIOD, TODAY);
    expect(checked).toMatchObject({ ok: true, entry: { ageBand: '0-4', inHours: true } });
  });

  it('refuses an attendance outside the audit period, naming the field and the period', () => {
    expect(checkEntry({ ...valid, attendedAt: '2025-11-01T09:00' }, PERIOD, TODAY)).toEqual({
      ok: false, problems: [{ field: 'attendedAt', message: 'Date of attendance must be within the audit period, 1 October 2025 to 31 October 2025' }],
    });
    expect(checkEntry({ ...valid, attendedAt: '2025-09-30T23:59' }, PERIOD, TODAY)).toMatchObject({ ok: false, problems: [{ field: 'attendedAt' }] });
    expect(checkEntry({ ...valid, attendedAt: '2025-10-31T23:59' }, PERIOD, TODAY)).toMatchObject({ ok: true });
  });

  it('names every bad field at once', () => {
    const checked = checkEntry({ ...valid, nhsNumber: '9434765918', dateOfBirth: null, ageBand: null, reason: ' ', notes: 'x'.repeat(2001) }, PERIOD, TODAY);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.field)).toEqual(['nhsNumber', 'ageBand', 'reason', 'notes']);
    expect(checked.problems[0]!.message).toBe('NHS number is not a valid NHS number: the check digit does not match');
  });

  it('refuses a date of birth after the attendance, an unknown band and a future attendance', () => {
    expect(checkEntry({ ...valid, dateOfBirth: '2025-10-20' }, PERIOD, TODAY)).toMatchObject({ problems: [{ field: 'dateOfBirth' }] });
    expect(checkEntry({ ...valid, dateOfBirth: null, ageBand: '3-7' }, PERIOD, TODAY)).toMatchObject({ problems: [{ field: 'ageBand' }] });
    expect(checkEntry({ ...valid, attendedAt: '2025-10-20T10:00' }, PERIOD, '2025-10-19')).toMatchObject({ problems: [{ field: 'attendedAt', message: 'Date of attendance must be today or in the past' }] });
  });
});

describe('auditProblems', () => {
  it('accepts a month and names what is wrong otherwise', () => {
    expect(auditProblems({ title: 'October', periodStart: '2025-10-01', periodEnd: '2025-10-31' }, TODAY)).toEqual([]);
    expect(auditProblems({ title: ' ', periodStart: '2025-10-31', periodEnd: '2025-10-01' }, TODAY).map((p) => p.field)).toEqual(['title', 'periodEnd']);
    expect(auditProblems({ title: 'x', periodStart: '2025-12-01', periodEnd: '2025-12-31' }, TODAY).map((p) => p.field)).toEqual(['periodStart']);
    expect(auditProblems({ title: 'x', periodStart: '2024-01-01', periodEnd: '2025-10-31' }, TODAY).map((p) => p.field)).toEqual(['periodEnd']);
  });
});
