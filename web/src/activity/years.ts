/** NHS financial years (April to March, written 2025/26) for the activity and contract pages. */

export const MONTH_LABELS = ['April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'January', 'February', 'March'];

const yearStarting = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

/** The financial year `now` falls in. */
export function currentFinancialYear(now = new Date()): string {
  return yearStarting(now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1);
}

/** The current financial year and the ones before it, newest first (and the one after, for planning ahead). */
export function financialYearOptions(now = new Date(), back = 3): string[] {
  const start = Number(currentFinancialYear(now).slice(0, 4));
  return Array.from({ length: back + 2 }, (_, i) => yearStarting(start + 1 - i));
}

/** The current financial year and the `count - 1` before it, newest first: 2025/26, 2024/25, … */
export function pastFinancialYears(count: number, now = new Date()): string[] {
  const start = Number(currentFinancialYear(now).slice(0, 4));
  return Array.from({ length: count }, (_, i) => yearStarting(start - i));
}

export const isFinancialYear = (text: string | null | undefined): text is string => Boolean(text && /^\d{4}\/\d{2}$/.test(text));

/** The first and last day (ISO) of a financial year. */
export function yearBounds(year: string): { from: string; to: string } {
  const start = Number(year.slice(0, 4));
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** "Apr 2025" for month 1 of 2025/26 (as the server labels months). */
export function shortMonthLabel(year: string, month: number): string {
  const calendarYear = Number(year.slice(0, 4)) + (month >= 10 ? 1 : 0);
  return `${(MONTH_LABELS[month - 1] ?? '').slice(0, 3)} ${calendarYear}`;
}
