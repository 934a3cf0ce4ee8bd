/**
 * The fair-share pages keep what they show in the address (bookmarkable; Back returns to the same
 * view): ?serviceLine=elective&total=<pence>&period=<YYYY-MM-DD>. Nothing is asked of the server
 * until a service line and a total are there.
 */
import { useSearchParams } from 'react-router';
import type { FairShareParams } from '../api/budgets-capitation.js';

const SERVICE_LINE = /^[a-z][a-z0-9_]{0,39}$/;
const PENCE = /^\d{1,15}$/;
const PERIOD = /^\d{4}-\d{2}-\d{2}$/;

export function useFairShareParams(): { params: FairShareParams | null; search: URLSearchParams; setParams: (p: FairShareParams) => void } {
  const [search, setSearch] = useSearchParams();
  const serviceLine = search.get('serviceLine')?.trim() ?? '';
  const total = search.get('total')?.trim() ?? '';
  const period = search.get('period')?.trim() ?? '';
  const params = SERVICE_LINE.test(serviceLine) && PENCE.test(total)
    ? { serviceLine, total: Number(total), ...(PERIOD.test(period) && { period }) }
    : null;
  const setParams = (p: FairShareParams) => {
    const next = new URLSearchParams({ serviceLine: p.serviceLine, total: String(p.total) });
    if (p.period) next.set('period', p.period);
    setSearch(next, { preventScrollReset: true });
  };
  return { params, search, setParams };
}
