import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_AND_WALES } from './bank-holidays.js';
import {
  addDays, addWorkingDays, dayNumber, isBankHoliday, isoDate, isWeekend, isWorkingDay, nextWorkingDayFrom, workingDaysBetween,
} from './working-days.js';

// Days from 2023-10-01 to 2028-03-31: the bank-holiday years and a margin either side.
const FIRST = dayNumber('2023-10-01');
const LAST = dayNumber('2028-03-31');
const anyDate = fc.integer({ min: FIRST, max: LAST }).map(isoDate);
const workingDate = anyDate.filter((d) => isWorkingDay(d));

/** Counting one day at a time: the definition the fast version must agree with. */
function slowBetween(from: string, to: string): number {
  let count = 0;
  for (let d = dayNumber(from) + 1; d <= dayNumber(to); d++) if (isWorkingDay(isoDate(d))) count++;
  return count;
}

describe('bank holidays', () => {
  it('has the 32 England and Wales dates from GOV.UK, in order, none at a weekend', () => {
    expect(BANK_HOLIDAYS_ENGLAND_AND_WALES).toHaveLength(32);
    const dates = BANK_HOLIDAYS_ENGLAND_AND_WALES.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    for (const d of dates) expect(isWeekend(d), d).toBe(false);
    expect(BANK_HOLIDAYS_ENGLAND_AND_WALES.filter((h) => h.date.startsWith('2025')).map((h) => h.date)).toEqual([
      '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
    ]);
  });

  it('knows Easter and Christmas 2025 and the substitute days', () => {
    expect(isBankHoliday('2025-04-18')).toBe(true); // Good Friday
    expect(isBankHoliday('2025-04-21')).toBe(true); // Easter Monday
    expect(isBankHoliday('2025-04-22')).toBe(false);
    expect(isBankHoliday('2026-12-28')).toBe(true); // Boxing Day 2026 falls on a Saturday
    expect(isBankHoliday('2027-12-27')).toBe(true);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-10-17', true], // Friday
    ['2025-10-18', false], // Saturday
    ['2025-10-19', false], // Sunday
    ['2025-10-20', true], // Monday
    ['2025-04-18', false], // Good Friday
    ['2025-04-21', false], // Easter Monday
    ['2025-12-24', true],
    ['2025-12-25', false],
    ['2025-12-26', false],
    ['2025-12-29', true],
    ['2026-01-01', false],
    ['2029-12-25', true], // beyond the published list, holidays are not guessed: only weekends skip
  ])('%s → %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('refuses dates that are not real', () => {
    expect(() => isWorkingDay('2025-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('17/10/2025')).toThrow(/YYYY-MM-DD/);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2025-10-17', 2, '2025-10-21'], // received Friday, due Tuesday
    ['2025-10-13', 2, '2025-10-15'], // Monday → Wednesday
    ['2025-10-18', 2, '2025-10-21'], // received Saturday: Monday is the first working day
    ['2025-10-15', 0, '2025-10-15'],
    ['2025-10-18', 0, '2025-10-18'], // zero days: unchanged
    ['2025-04-17', 1, '2025-04-22'], // Maundy Thursday → Tuesday after Easter Monday
    ['2025-04-17', 2, '2025-04-23'],
    ['2025-12-23', 2, '2025-12-29'], // Christmas and Boxing Day (Thu, Fri) skipped
    ['2025-12-24', 1, '2025-12-29'],
    ['2025-12-31', 1, '2026-01-02'], // New Year's Day skipped
    ['2026-12-24', 1, '2026-12-29'], // substitute Boxing Day on Monday 28th
    ['2025-10-21', -2, '2025-10-17'],
    ['2025-04-22', -1, '2025-04-17'],
    ['2024-12-31', 1, '2025-01-02'], // across the year end
  ])('%s + %i working days → %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it('takes another calendar when given one', () => {
    expect(addWorkingDays('2025-10-17', 2, new Set(['2025-10-20']))).toBe('2025-10-22');
    expect(addWorkingDays('2025-04-17', 1, new Set())).toBe('2025-04-18');
  });

  it('refuses a fractional number of days', () => {
    expect(() => addWorkingDays('2025-10-17', 1.5)).toThrow(RangeError);
  });

  it('lands on a working day that is n working days on from a working day', () => {
    fc.assert(fc.property(workingDate, fc.integer({ min: 0, max: 300 }), (d, n) => {
      const due = addWorkingDays(d, n);
      expect(isWorkingDay(due)).toBe(true);
      expect(workingDaysBetween(d, due)).toBe(n);
      expect(addWorkingDays(due, -n)).toBe(d);
    }));
  });

  it('from any day, lands on the n-th working day after it', () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 1, max: 60 }), (d, n) => {
      const due = addWorkingDays(d, n);
      expect(isWorkingDay(due)).toBe(true);
      expect(slowBetween(d, due)).toBe(n);
      expect(slowBetween(d, addDays(due, -1))).toBe(n - 1);
    }));
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-10-13', '2025-10-13', 0],
    ['2025-10-13', '2025-10-15', 2],
    ['2025-10-17', '2025-10-20', 1], // Friday → Monday
    ['2025-10-18', '2025-10-19', 0], // Saturday → Sunday
    ['2025-04-17', '2025-04-22', 1], // over Easter
    ['2025-12-19', '2026-01-05', 8], // Christmas fortnight: 22, 23, 24, 29, 30, 31 Dec, 2, 5 Jan
    ['2025-01-01', '2025-12-31', 253], // 260 weekdays after Wednesday 1 Jan, less the 7 later holidays
    ['2025-10-20', '2025-10-17', -1],
  ])('%s → %s: %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it('agrees with counting one day at a time, in both directions', () => {
    fc.assert(fc.property(anyDate, anyDate, (a, b) => {
      const n = workingDaysBetween(a, b);
      if (a <= b) expect(n).toBe(slowBetween(a, b));
      else expect(n).toBe(-slowBetween(b, a));
    }), { numRuns: 300 });
  });

  it('rolls a date forward to a working day', () => {
    expect(nextWorkingDayFrom('2025-12-25')).toBe('2025-12-29');
    expect(nextWorkingDayFrom('2025-12-24')).toBe('2025-12-24');
  });
});
