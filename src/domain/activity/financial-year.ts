/**
 * NHS financial years run April to March and are written `2025/26`; month 1 is April (FORMATS.md).
 */
import { fail, ok, type Parsed } from '../org/parsed.js';

const YEAR = /^(\d{4})\/(\d{2})$/;
const MONTH_NAMES = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'] as const;

/** `2025/26`: the second part must be the year after the first. */
export function parseFinancialYear(input: string): Parsed<string> {
  const text = input.trim();
  const match = YEAR.exec(text);
  if (!match) return fail('must be a financial year written like 2025/26');
  const start = Number(match[1]);
  return (start + 1) % 100 === Number(match[2]) ? ok(text) : fail(`must be two consecutive years, like ${start}/${String((start + 1) % 100).padStart(2, '0')}`);
}

export const financialYearStarting = (startYear: number) => `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
export const startYearOf = (year: string) => Number(year.slice(0, 4));

/** The financial year and month (1 = April) of an ISO date. */
export function financialMonthOf(isoDate: string): { year: string; month: number } {
  const calendarYear = Number(isoDate.slice(0, 4));
  const calendarMonth = Number(isoDate.slice(5, 7));
  const startYear = calendarMonth >= 4 ? calendarYear : calendarYear - 1;
  return { year: financialYearStarting(startYear), month: ((calendarMonth + 8) % 12) + 1 };
}

/** The first day (ISO) of a financial year's month. */
export function monthStart(year: string, month: number): string {
  const calendarMonth = ((month + 2) % 12) + 1;
  const calendarYear = startYearOf(year) + (month >= 10 ? 1 : 0);
  return `${calendarYear}-${String(calendarMonth).padStart(2, '0')}-01`;
}

/** "Apr 2025" for month 1 of 2025/26. */
export const monthLabel = (year: string, month: number) => `${MONTH_NAMES[month - 1]} ${monthStart(year, month).slice(0, 4)}`;

/** The first day of the year and the first day after it (ISO): `from <= date < until`. */
export const financialYearBounds = (year: string) => ({ from: `${startYearOf(year)}-04-01`, until: `${startYearOf(year) + 1}-04-01` });

/** The financial years a period touches, first to last. */
export function financialYearsBetween(from: string, to: string): string[] {
  const years: string[] = [];
  for (let y = startYearOf(financialMonthOf(from).year); y <= startYearOf(financialMonthOf(to).year); y++) years.push(financialYearStarting(y));
  return years;
}
