/** Numbers in the feedback pack: rates to two places, shares as whole percentages, a dash for none. */
export { formatRate } from '../insight/format.js';

export const formatShare = (share: number | null | undefined) => (share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`);

/** The last `count` whole months, latest first, as 'YYYY-MM' with their names. */
export function recentMonths(count: number, today = new Date()): { value: string; text: string }[] {
  const months: { value: string; text: string }[] = [];
  for (let back = 1; back <= count; back += 1) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
    months.push({ value: d.toISOString().slice(0, 7), text: d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) });
  }
  return months;
}
