/**
 * Practices as a TanStack Table: sortable column headers (buttons, with aria-sort on the header
 * cell), a filter box, and each practice's name linking to its page.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import type { Practice } from '../api/types.js';
import { formatDate } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow, type SortDirection } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { LiveStatus } from '../nhsuk/Status.js';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  filterFns: { includesString: filterFn_includesString },
});

const helper = createColumnHelper<typeof features, Practice>();

const HEADERS: Record<string, string> = { code: 'Code', name: 'Name', groupName: 'Group', listSize: 'List size', listSizePeriod: 'Period' };

const columns = helper.columns([
  helper.accessor('code', { header: HEADERS.code, sortFn: 'alphanumeric' }),
  helper.accessor('name', { header: HEADERS.name, sortFn: 'text' }),
  helper.accessor('groupName', { header: HEADERS.groupName, sortFn: 'text' }),
  helper.accessor('listSize', { header: HEADERS.listSize, sortFn: 'basic', sortDescFirst: true }),
  helper.accessor((p) => p.listSizePeriod ?? '', { id: 'listSizePeriod', header: HEADERS.listSizePeriod, sortFn: 'alphanumeric' }),
]);

const NUMERIC = new Set(['listSize']);
const FILTERABLE = new Set(['code', 'name', 'groupName']);

export function PracticesTable({ practices }: { practices: Practice[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');
  const table = useTable({
    features,
    columns,
    data: practices,
    state: { sorting, globalFilter: filter.trim() },
    onSortingChange: setSorting,
    onGlobalFilterChange: (value: unknown) => setFilter(typeof value === 'string' ? value : ''),
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => FILTERABLE.has(column.id),
  });
  const rows = table.getRowModel().rows;
  const sorted = sorting[0];
  const sortedHeader = sorted ? HEADERS[sorted.id] : undefined;

  return (
    <>
      <TextInput
        id="practice-filter"
        label="Filter practices"
        hint="By code, name or group"
        type="search"
        width={20}
        autoComplete="off"
        spellCheck={false}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <LiveStatus>
        {filter.trim()
          ? `Showing ${formatCount(rows.length)} of ${formatCount(practices.length)} practices.`
          : `${formatCount(practices.length)} practices.`}
        {sorted && sortedHeader && <span className="nhsuk-u-visually-hidden"> Sorted by {sortedHeader.toLowerCase()}, {sorted.desc ? 'descending' : 'ascending'}.</span>}
      </LiveStatus>
      <Table caption="Practices" captionHidden captionHint="(column headers are buttons that sort the table)" scrollable>
        <TableHead>
          {table.getHeaderGroups()[0]?.headers.map((header) => {
            const direction = header.column.getIsSorted();
            const sort: SortDirection = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
            return (
              <HeaderCell key={header.id} numeric={NUMERIC.has(header.column.id)} sort={sort} onSort={() => header.column.toggleSorting(undefined, false)}>
                <table.FlexRender header={header} />
              </HeaderCell>
            );
          })}
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const p = row.original;
            return (
              <TableRow key={p.code}>
                <Cell rowHeader>{p.code}</Cell>
                <Cell><Link className="nhsuk-link" to={`/organisations/practices/${p.code}`}>{p.name}</Link></Cell>
                <Cell>{p.groupName}</Cell>
                <Cell numeric>{formatCount(p.listSize)}</Cell>
                <Cell nowrap>{p.listSizePeriod ? formatDate(p.listSizePeriod) : 'None imported'}</Cell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {rows.length === 0 && <p>No practices match “{filter.trim()}”.</p>}
    </>
  );
}
