/**
 * One page of a worklist as a TanStack Table. Sorting by received, age, due date or priority is
 * done by the server over the whole list (`manualSorting`); the other columns sort here, and only
 * when the whole list is on the page, so a sort never pretends to cover rows it has not seen.
 */
import { Link } from 'react-router';
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import type { WorklistRow } from '../api/types.js';
import { formatShortDate } from '../format/dates.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow, type SortDirection } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { PriorityTag, StatusTag } from '../referrals/ReferralDetails.js';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof features, WorklistRow>();

export const COLUMN_HEADERS: Record<string, string> = {
  reference: 'Reference',
  receivedAt: 'Received',
  ageWorkingDays: 'Age (working days)',
  triageDue: 'Due',
  priority: 'Priority',
  tfcName: 'Specialty',
  patientName: 'Patient',
  practiceName: 'Practice',
  statusLabel: 'Status',
};

/** Columns the server sorts over the whole list. */
export const SERVER_SORTED = new Set(['receivedAt', 'ageWorkingDays', 'triageDue', 'priority']);

const allColumns = helper.columns([
  helper.accessor('reference', { header: COLUMN_HEADERS.reference, sortFn: 'alphanumeric' }),
  helper.accessor('receivedAt', { header: COLUMN_HEADERS.receivedAt, sortFn: 'alphanumeric' }),
  helper.accessor('ageWorkingDays', { header: COLUMN_HEADERS.ageWorkingDays, sortFn: 'basic' }),
  helper.accessor((r) => r.triageDue ?? '', { id: 'triageDue', header: COLUMN_HEADERS.triageDue, sortFn: 'alphanumeric' }),
  helper.accessor('priority', { header: COLUMN_HEADERS.priority, sortFn: 'basic' }),
  helper.accessor('tfcName', { header: COLUMN_HEADERS.tfcName, sortFn: 'text' }),
  helper.accessor('patientName', { header: COLUMN_HEADERS.patientName, sortFn: 'text' }),
  helper.accessor('practiceName', { header: COLUMN_HEADERS.practiceName, sortFn: 'text' }),
  helper.accessor('statusLabel', { header: COLUMN_HEADERS.statusLabel, sortFn: 'text' }),
  helper.display({ id: 'advice', header: 'Reviewer’s advice', enableSorting: false }),
]);

/** Staff see every practice's referrals; a practice sees its own, with the reviewer's advice instead. */
const columnId = (c: (typeof allColumns)[number]) => { const d = c as { id?: string; accessorKey?: string }; return d.id ?? d.accessorKey; };
const STAFF_COLUMNS = allColumns.filter((c) => columnId(c) !== 'advice');
const PRACTICE_COLUMNS = allColumns.filter((c) => !['practiceName', 'ageWorkingDays'].includes(columnId(c) ?? ''));

const NUMERIC = new Set(['ageWorkingDays']);

export function WorklistTable({ caption, rows, sorting, onSort, wholeListLoaded, advice }: {
  caption: string;
  rows: WorklistRow[];
  sorting: SortingState;
  /** the user asked to sort by this column (ascending first, then descending) */
  onSort: (columnId: string) => void;
  /** every row of the list is on this page: every column can sort */
  wholeListLoaded: boolean;
  /** for a practice: the reviewer's advice by referral id (and no practice column) */
  advice?: ReadonlyMap<string, string>;
}) {
  const sortedBy = sorting[0]?.id;
  const table = useTable({
    features,
    columns: advice ? PRACTICE_COLUMNS : STAFF_COLUMNS,
    data: rows,
    state: { sorting },
    onSortingChange: () => undefined,
    // The server has sorted the rows already when the sort column is one it sorts.
    manualSorting: !sortedBy || SERVER_SORTED.has(sortedBy),
  });
  const canSort = (id: string) => id !== 'advice' && (SERVER_SORTED.has(id) || wholeListLoaded);
  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <Table caption={caption} captionHidden captionHint={wholeListLoaded ? '(column headers are buttons that sort the table)' : '(the received, due and priority headers are buttons that sort the list)'} scrollable className="app-worklist">
      <TableHead>
        {headers.map((header) => {
          const id = header.column.id;
          const direction = sorting[0]?.id === id ? (sorting[0].desc ? 'descending' : 'ascending') : 'none';
          const sortable = canSort(id);
          return (
            <HeaderCell key={header.id} numeric={NUMERIC.has(id)} sort={sortable ? direction as SortDirection : undefined} onSort={sortable ? () => onSort(id) : undefined}>
              {id === 'advice' ? 'Reviewer’s advice' : COLUMN_HEADERS[id] ?? id}
            </HeaderCell>
          );
        })}
      </TableHead>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.original.id}>
            {headers.map((header) => <WorklistCell key={header.column.id} column={header.column.id} row={row.original} advice={advice} />)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function WorklistCell({ column, row: r, advice }: { column: string; row: WorklistRow; advice?: ReadonlyMap<string, string> }) {
  switch (column) {
    case 'reference': return <Cell rowHeader nowrap><Link className="nhsuk-link" to={`/referrals/${r.id}`}>{r.reference}</Link></Cell>;
    case 'receivedAt': return <Cell nowrap>{formatShortDate(r.receivedAt)}</Cell>;
    case 'ageWorkingDays': return <Cell numeric>{r.ageWorkingDays}</Cell>;
    case 'triageDue':
      return (
        <Cell nowrap>
          {r.triageDue ? formatShortDate(r.triageDue) : <span className="app-secondary">None</span>}
          {r.overdue && <><br /><Tag colour="red">Overdue</Tag></>}
        </Cell>
      );
    case 'priority': return <Cell><PriorityTag priority={r.priority} /></Cell>;
    case 'tfcName': return <Cell>{r.tfcName}</Cell>;
    case 'patientName':
      return <Cell>{r.patientName}<br /><span className="app-secondary app-nowrap">{r.nhsNumber}</span></Cell>;
    case 'practiceName': return <Cell>{r.practiceName}</Cell>;
    case 'statusLabel':
      return (
        <Cell>
          <StatusTag status={r.status} label={r.statusLabel} />
          {r.bookingStatus === 'patient_will_book' && <><br /><span className="app-secondary">Patient will book</span></>}
          {r.assignedTo && !advice && <><br /><span className="app-secondary">Assigned to {r.assignedTo}</span></>}
          {Boolean(r.pathwayMissed) && !advice && <><br /><span className="app-secondary">Misses {r.pathwayMissed} pathway {r.pathwayMissed === 1 ? 'criterion' : 'criteria'}</span></>}
        </Cell>
      );
    case 'advice': {
      const text = advice?.get(r.id);
      return <Cell>{text ? <span className="app-pre-line">{text}</span> : <span className="app-secondary">None</span>}</Cell>;
    }
    default: return <Cell>{''}</Cell>;
  }
}
