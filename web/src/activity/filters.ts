/**
 * The activity pages keep their filters in the address (bookmarkable; Back returns to the same
 * view): year, provider, practice, group, specialty (tfc), point of delivery, month, unpriced.
 */
import { useSearchParams } from 'react-router';
import { FILTER_NAMES, OUT_OF_AREA, POD_LABELS, type ActivityFilterValues, type Pod } from '../api/activity.js';
import { specialtyName } from '../referrals/labels.js';
import { currentFinancialYear, isFinancialYear, MONTH_LABELS } from './years.js';

export type FilterName = (typeof FILTER_NAMES)[number];

/** The filters in the address, the year always set (the current financial year by default). */
export function useActivityFilters(): {
  filters: ActivityFilterValues & { year: string };
  search: URLSearchParams;
  /** replaces the given filters (null or '' removes one), keeping the others and starting at page 1 */
  setFilters: (changes: Record<string, string | null | undefined>) => void;
} {
  const [search, setSearch] = useSearchParams();
  const filters: ActivityFilterValues & { year: string } = { year: currentFinancialYear() };
  for (const name of FILTER_NAMES) {
    const value = search.get(name)?.trim();
    if (value) filters[name] = value;
  }
  if (!isFinancialYear(filters.year)) filters.year = currentFinancialYear();
  const setFilters = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('page');
    setSearch(next, { preventScrollReset: true });
  };
  return { filters, search, setFilters };
}

/** The filters in words, for captions and headings: "provider RWG, day cases, May". */
export function describeFilters(filters: ActivityFilterValues, names: { provider?: (code: string) => string; practice?: (code: string) => string } = {}): string {
  const parts: string[] = [];
  if (filters.provider) parts.push(names.provider?.(filters.provider) ?? `provider ${filters.provider}`);
  if (filters.practice) parts.push(names.practice?.(filters.practice) ?? `practice ${filters.practice}`);
  if (filters.group) parts.push(filters.group === OUT_OF_AREA ? 'practices out of area' : `group ${filters.group}`);
  if (filters.pod) parts.push(filters.pod.split(',').map((p) => POD_LABELS[p as Pod]?.toLowerCase() ?? p).join(' or '));
  if (filters.tfc) parts.push(filters.tfc.split(',').map((t) => (t === 'none' ? 'no specialty (A&E)' : specialtyName(t))).join(' or '));
  if (filters.month) parts.push(filters.month.split(',').map((m) => MONTH_LABELS[Number(m) - 1] ?? m).join(' or '));
  if (filters.unpriced === 'true') parts.push('unpriced lines only');
  return parts.join(', ');
}
