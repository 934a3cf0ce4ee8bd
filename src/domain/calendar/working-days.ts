/**
 * Working days in England and Wales (REF-7): Monday to Friday, bank holidays excepted. Service
 * levels ("triage within 2 working days") and ageing are counted in these. Pure functions on
 * ISO calendar dates (`YYYY-MM-DD`), read as UTC days, so the time zone never moves a date.
 *
 * Counting rule: `addWorkingDays(d, n)` is the n-th working day after `d` (d itself never
 * counts, so a referral received on Friday with 2 working days to triage is due on Tuesday),
 * and `workingDaysBetween(from, to)` counts the working days after `from` up to and including
 * `to`. The two agree: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 */
import { BANK_HOLIDAYS_ENGLAND_AND_WALES } from './bank-holidays.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The bank holidays as a set of ISO dates; pass another set to count with a different calendar. */
export const ENGLAND_AND_WALES_HOLIDAYS: ReadonlySet<string> = new Set(BANK_HOLIDAYS_ENGLAND_AND_WALES.map((h) => h.date));

/** Days since 1970-01-01 (a Thursday); throws on anything but a real `YYYY-MM-DD` date. */
export function dayNumber(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const date = new Date(ms);
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return ms / DAY_MS;
  }
  throw new RangeError(`"${isoDate}" is not a date written YYYY-MM-DD`);
}

/** The ISO date of a day number. */
export const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The date `days` calendar days later (earlier when negative). */
export const addDays = (iso: string, days: number): string => isoDate(dayNumber(iso) + days);

/** 0 = Monday … 6 = Sunday. */
const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

/** Weekdays (Mon–Fri) among days ≤ `day`, from a fixed origin: differences count weekdays in (a, b]. */
function weekdaysUpTo(day: number): number {
  const z = day + 4; // day -3 (Monday 1969-12-29) becomes z = 1
  return 5 * Math.floor(z / 7) + Math.min(((z % 7) + 7) % 7, 5);
}

export const isWeekend = (iso: string) => weekday(dayNumber(iso)) >= 5;

export const isBankHoliday = (iso: string, holidays: ReadonlySet<string> = ENGLAND_AND_WALES_HOLIDAYS) => {
  dayNumber(iso); // validates
  return holidays.has(iso);
};

export function isWorkingDay(iso: string, holidays: ReadonlySet<string> = ENGLAND_AND_WALES_HOLIDAYS): boolean {
  return weekday(dayNumber(iso)) < 5 && !holidays.has(iso);
}

/**
 * The n-th working day after `iso` (before it when n is negative). With n = 0 the date comes
 * back unchanged, working day or not.
 */
export function addWorkingDays(iso: string, n: number, holidays: ReadonlySet<string> = ENGLAND_AND_WALES_HOLIDAYS): string {
  if (!Number.isSafeInteger(n)) throw new RangeError('The number of working days must be a whole number.');
  let day = dayNumber(iso);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    day += step;
    if (weekday(day) < 5 && !holidays.has(isoDate(day))) left -= 1;
  }
  return isoDate(day);
}

/** The first working day on or after `iso`. */
export function nextWorkingDayFrom(iso: string, holidays: ReadonlySet<string> = ENGLAND_AND_WALES_HOLIDAYS): string {
  return isWorkingDay(iso, holidays) ? iso : addWorkingDays(iso, 1, holidays);
}

/**
 * Working days after `fromIso` up to and including `toIso`: received Monday, seen Wednesday → 2.
 * Negative when `toIso` is earlier (minus the working days after `toIso` up to `fromIso`).
 */
export function workingDaysBetween(fromIso: string, toIso: string, holidays: ReadonlySet<string> = ENGLAND_AND_WALES_HOLIDAYS): number {
  const from = dayNumber(fromIso);
  const to = dayNumber(toIso);
  if (to < from) return -workingDaysBetween(toIso, fromIso, holidays);
  let count = weekdaysUpTo(to) - weekdaysUpTo(from);
  for (const day of weekdayHolidays(holidays)) if (day > from && day <= to) count -= 1;
  return count;
}

const holidayDays = new WeakMap<ReadonlySet<string>, number[]>();

/** The holidays that fall on weekdays, as day numbers (cached per set). */
function weekdayHolidays(holidays: ReadonlySet<string>): number[] {
  let days = holidayDays.get(holidays);
  if (!days) {
    days = [...holidays].map(dayNumber).filter((d) => weekday(d) < 5);
    holidayDays.set(holidays, days);
  }
  return days;
}
