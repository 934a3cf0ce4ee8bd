/**
 * Activity and cost by provider, practice, group, specialty or point of delivery as a sortable
 * TanStack table (header buttons, aria-sort), a total row, and each total linking to its lines.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  createColumnHelper, createSortedRowModel, rowSortingFeature, sortFn_alphanumeric, sortFn_basic, sortFn_text, tableFeatures, useTable, type SortingState,
} from '@tanstack/react-table';
import { linesPageUrl, type ActivityFilterValues, type CostFields, type SummaryRow } from '../api/activity.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { LiveStatus } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow, type SortDirection } from '../nhsuk/Table.js';

export type TableDimension = 'provider' | 'practice' | 'group' | 'tfc' | 'pod';

interface Row extends CostFields { code: string; name: string; filterValue: string }

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, Row>();

export const DIMENSION_NAMES: Record<TableDimension, string> = { provider: 'Provider', practice: 'Practice', group: 'Group', tfc: 'Specialty', pod: 'Point of delivery' };
const PLURALS: Record<TableDimension, [string, string]> = {
  provider: ['provider', 'providers'], practice: ['practice', 'practices'], group: ['group', 'groups'], tfc: ['specialty', 'specialties'], pod: ['point of delivery', 'points of delivery'],
};

const HEADERS: Record<string, string> = {
  code: 'Code', name: 'Name', lines: 'Lines', unpricedLines: 'Unpriced lines', costPence: 'Cost at tariff', providerChargedPence: 'Provider charged',
};
const NUMERIC = new Set(['lines', 'unpricedLines', 'costPence', 'providerChargedPence']);

const columns = helper.columns([
  helper.accessor('code', { header: HEADERS.code, sortFn: 'alphanumeric' }),
  helper.accessor('name', { header: HEADERS.name, sortFn: 'text' }),
  helper.accessor('lines', { header: HEADERS.lines, sortFn: 'basic', sortDescFirst: true }),
  helper.accessor('unpricedLines', { header: HEADERS.unpricedLines, sortFn: 'basic', sortDescFirst: true }),
  helper.accessor('costPence', { header: HEADERS.costPence, sortFn: 'basic', sortDescFirst: true }),
  helper.accessor('providerChargedPence', { header: HEADERS.providerChargedPence, sortFn: 'basic', sortDescFirst: true }),
]);

function toRow(r: SummaryRow, by: TableDimension): Row {
  const costs = { lines: r.lines, pricedLines: r.pricedLines, unpricedLines: r.unpricedLines, costPence: r.costPence, providerChargedPence: r.providerChargedPence };
  switch (by) {
    case 'provider': return { ...costs, code: r.provider ?? '', name: r.providerName ?? '', filterValue: r.provider ?? '' };
    case 'practice': return { ...costs, code: r.practice ?? '', name: r.practiceName ?? '', filterValue: r.practice ?? '' };
    case 'group': return { ...costs, code: r.group ?? '', name: r.groupName ?? '', filterValue: r.group ?? '' };
    case 'tfc': return { ...costs, code: r.tfc || '–', name: r.tfcName ?? '', filterValue: r.tfc || 'none' };
    case 'pod': return { ...costs, code: r.pod ?? '', name: r.podName ?? '', filterValue: r.pod ?? '' };
  }
}

export function CostByTable({ rows, total, by, filters, caption }: {
  rows: SummaryRow[];
  total: CostFields;
  by: TableDimension;
  /** the page's filters: each row's links narrow them to the row */
  filters: ActivityFilterValues;
  caption: string;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const data = rows.map((r) => toRow(r, by));
  const table = useTable({ features, columns, data, state: { sorting }, onSortingChange: setSorting });
  const sorted = sorting[0];
  const sortedHeader = sorted ? HEADERS[sorted.id] : undefined;
  const linkFor = (row: Row, extra: ActivityFilterValues = {}) => linesPageUrl({ ...filters, [by]: row.filterValue, ...extra });

  return (
    <>
      {sorted && sortedHeader && (
        <LiveStatus visuallyHidden>Sorted by {sortedHeader.toLowerCase()}, {sorted.desc ? 'descending' : 'ascending'}.</LiveStatus>
      )}
      <Table caption={caption} captionSize="s" captionHint="(column headers are buttons that sort the table)" scrollable>
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
          {table.getRowModel().rows.map(({ original: r }) => (
            <TableRow key={r.filterValue}>
              <Cell rowHeader nowrap>{r.code}</Cell>
              <Cell>{r.name}</Cell>
              <Cell numeric>{formatCount(r.lines)}</Cell>
              <Cell numeric>
                {r.unpricedLines
                  ? <Link className="nhsuk-link" to={linkFor(r, { unpriced: 'true' })}>{formatCount(r.unpricedLines)}<span className="nhsuk-u-visually-hidden"> unpriced lines, {r.name}</span></Link>
                  : '0'}
              </Cell>
              <Cell numeric nowrap>
                <Link className="nhsuk-link" to={linkFor(r)}>{formatPence(r.costPence)}<span className="nhsuk-u-visually-hidden">: the lines of {r.name}</span></Link>
              </Cell>
              <Cell numeric nowrap>{formatPence(r.providerChargedPence)}</Cell>
            </TableRow>
          ))}
          <TableRow>
            <Cell rowHeader>Total</Cell>
            <Cell>{formatCount(rows.length)} {PLURALS[by][rows.length === 1 ? 0 : 1]}</Cell>
            <Cell numeric><strong>{formatCount(total.lines)}</strong></Cell>
            <Cell numeric>
              {total.unpricedLines
                ? <Link className="nhsuk-link" to={linesPageUrl({ ...filters, unpriced: 'true' })}><strong>{formatCount(total.unpricedLines)}</strong><span className="nhsuk-u-visually-hidden"> unpriced lines in total</span></Link>
                : <strong>0</strong>}
            </Cell>
            <Cell numeric nowrap>
              <Link className="nhsuk-link" to={linesPageUrl(filters)}><strong>{formatPence(total.costPence)}</strong><span className="nhsuk-u-visually-hidden">: all the lines</span></Link>
            </Cell>
            <Cell numeric nowrap><strong>{formatPence(total.providerChargedPence)}</strong></Cell>
          </TableRow>
        </TableBody>
      </Table>
    </>
  );
}
