/**
 * One worklist with links to the others (each with its count), filters, a sortable table and
 * pages. Filters, sort and page live in the address, so a list can be bookmarked and Back returns
 * to the same view. Used by the staff worklists and by a practice's own referrals.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { SortingState } from '@tanstack/react-table';
import { usePathways, useWorklist, type WorklistCount } from '../api/referrals.js';
import type { WorklistName } from '../api/types.js';
import { formatCount } from '../format/numbers.js';
import { Button } from '../nhsuk/Button.js';
import { Pagination } from '../nhsuk/Pagination.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SubNavigation } from '../nhsuk/SubNavigation.js';
import { PRIORITY_SHORT, WORKLIST_LABELS, specialtyOptions } from '../referrals/labels.js';
import { COLUMN_HEADERS, WorklistTable } from './WorklistTable.js';

const PAGE_SIZE = 50;

export const listLabel = (l: WorklistCount) => WORKLIST_LABELS[l.name as WorklistName] ?? l.label;

export type FilterName = 'tfc' | 'priority' | 'assigned';

/** The page sets its title (`${listLabel(current)} – Page`): this view is part of a page. */
export function WorklistView({ lists, current, linkTo, filters: shownFilters, advice, listsLabel = 'Worklists' }: {
  lists: WorklistCount[];
  current: WorklistCount;
  /** the address of a list (keeps nothing of the current filters) */
  linkTo: (name: string) => string;
  filters: FilterName[];
  /** for a practice: the reviewer's advice by referral id */
  advice?: ReadonlyMap<string, string>;
  listsLabel?: string;
}) {
  const [search, setSearch] = useSearchParams();
  const label = listLabel(current);
  const pathways = usePathways();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const sortColumn = search.get('sort');
  const order = search.get('order') === 'desc' ? 'desc' : 'asc';
  const filters = { tfc: search.get('tfc') ?? '', priority: search.get('priority') ?? '', assigned: search.get('assigned') ?? '' };
  const params: Record<string, string | undefined> = {
    tfc: filters.tfc || undefined,
    priority: filters.priority || undefined,
    assigned: filters.assigned || undefined,
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
    ...serverSort(sortColumn, order),
  };
  const rows = useWorklist(current.name, params);
  const sorting: SortingState = sortColumn ? [{ id: sortColumn, desc: order === 'desc' }] : [];

  const to = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    return qs ? `?${qs}` : '';
  };

  function sortBy(columnId: string) {
    const desc = sortColumn === columnId && order === 'asc';
    // Sorting by another column starts again at the first page.
    setSearch(new URLSearchParams(to({ sort: columnId, order: desc ? 'desc' : 'asc', page: null }).slice(1)));
  }

  const total = rows.data?.total ?? 0;
  const shown = rows.data?.rows ?? [];
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const toRow = Math.min(total, (page - 1) * PAGE_SIZE + shown.length);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <SubNavigation
        label={listsLabel}
        items={lists.map((l) => ({ to: linkTo(l.name), text: listLabel(l), count: l.count, current: l.name === current.name }))}
      />
      <h2>{label}</h2>
      <Filters key={`${current.name}-${search.toString()}`} initial={filters} shown={shownFilters.filter((f) => f !== 'assigned' || current.name !== 'mine')}
        specialties={specialtyOptions(pathways.data ?? [])}
        onApply={(f) => setSearch(new URLSearchParams(to({ ...f, page: null }).slice(1)))} />

      {rows.isPending && <LoadingStatus>Loading the list…</LoadingStatus>}
      {rows.isError && <ProblemMessage><p>The list could not be loaded. {rows.error.message}</p></ProblemMessage>}
      {rows.data && (
        <>
          <LiveStatus>
            {total === 0
              ? 'There are no referrals on this list' + (filters.tfc || filters.priority || filters.assigned ? ' that match the filters.' : '.')
              : `Showing ${formatCount(from)} to ${formatCount(toRow)} of ${formatCount(total)} ${total === 1 ? 'referral' : 'referrals'}.`}
            {sortColumn && <span className="nhsuk-u-visually-hidden"> Sorted by {(COLUMN_HEADERS[sortColumn] ?? sortColumn).toLowerCase()}, {order === 'desc' ? 'descending' : 'ascending'}.</span>}
          </LiveStatus>
          {total > 0 && <WorklistTable caption={label} rows={shown} sorting={sorting} onSort={sortBy} wholeListLoaded={total <= shown.length && page === 1} advice={advice} />}
          <Pagination
            label={`Pages of ${label.toLowerCase()}`}
            previous={page > 1 ? { to: to({ page: page - 1 > 1 ? String(page - 1) : null }), label: `${page - 1} of ${pages}` } : null}
            next={page < pages ? { to: to({ page: String(page + 1) }), label: `${page + 1} of ${pages}` } : null}
          />
        </>
      )}
    </>
  );
}

/** The server's sort for a column: age is received the other way round. */
function serverSort(column: string | null, order: 'asc' | 'desc'): Record<string, string | undefined> {
  switch (column) {
    case 'receivedAt': return { sort: 'received', order };
    case 'ageWorkingDays': return { sort: 'received', order: order === 'asc' ? 'desc' : 'asc' };
    case 'triageDue': return { sort: 'due', order };
    case 'priority': return { sort: 'priority', order };
    default: return {};
  }
}

interface FilterValues { tfc: string; priority: string; assigned: string }

function Filters({ initial, shown, specialties, onApply }: {
  initial: FilterValues;
  shown: FilterName[];
  specialties: { code: string; name: string }[];
  onApply: (values: FilterValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const set = (key: keyof FilterValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(values);
  }
  return (
    <form className="app-inline-form app-filters" onSubmit={submit} noValidate role="search" aria-label="Filter the list">
      <Select id="filter-tfc" label="Specialty" value={values.tfc} onChange={set('tfc')}
        options={[{ value: '', text: 'All specialties' }, ...specialties.map((s) => ({ value: s.code, text: s.name }))]} />
      <Select id="filter-priority" label="Priority" value={values.priority} onChange={set('priority')}
        options={[{ value: '', text: 'All priorities' }, ...(['2ww', 'urgent', 'routine'] as const).map((p) => ({ value: p, text: PRIORITY_SHORT[p] }))]} />
      {shown.includes('assigned') && (
        <Select id="filter-assigned" label="Assigned" value={values.assigned} onChange={set('assigned')}
          options={[{ value: '', text: 'Anyone or no one' }, { value: 'me', text: 'Assigned to me' }, { value: 'unassigned', text: 'Not assigned' }]} />
      )}
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}
