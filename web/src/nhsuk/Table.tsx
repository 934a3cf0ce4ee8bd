/**
 * NHS.UK table parts. `Table` draws the table with its caption (every table has one: it is the
 * table's accessible name); `HeaderCell` can be a sort button; `DataTable` is the simple case.
 */
import { useId, type ReactNode } from 'react';

export type SortDirection = 'ascending' | 'descending' | 'none';

export function Table({ caption, captionSize = 'm', captionHidden = false, captionHint, scrollable = false, children, className }: {
  caption: string;
  captionSize?: 's' | 'm' | 'l' | null;
  /** When a heading just above says the same: the caption still names the table for screen readers. */
  captionHidden?: boolean;
  /** Extra words read with the caption, e.g. "(column headers are sortable)". */
  captionHint?: string;
  /** For wide tables: scroll sideways on narrow screens (focusable, so keyboards can scroll). */
  scrollable?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const captionId = useId();
  const table = (
    <table className={className ? `nhsuk-table ${className}` : 'nhsuk-table'}>
      <caption className={captionClass(captionSize, captionHidden)} id={captionId}>
        {caption}
        {captionHint && <span className="nhsuk-u-visually-hidden"> {captionHint}</span>}
      </caption>
      {children}
    </table>
  );
  if (!scrollable) return table;
  return (
    // A focusable scroll region needs a role and a name.
    <div className="nhsuk-table-container app-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      {table}
    </div>
  );
}

function captionClass(size: 's' | 'm' | 'l' | null, hidden: boolean): string {
  if (hidden) return 'nhsuk-u-visually-hidden';
  return size ? `nhsuk-table__caption nhsuk-table__caption--${size}` : 'nhsuk-table__caption';
}

export function TableHead({ children }: { children: ReactNode }) {
  return <thead className="nhsuk-table__head"><tr className="nhsuk-table__row">{children}</tr></thead>;
}

export function TableBody({ children }: { children: ReactNode }) {
  return <tbody className="nhsuk-table__body">{children}</tbody>;
}

export function TableRow({ children }: { children: ReactNode }) {
  return <tr className="nhsuk-table__row">{children}</tr>;
}

export function HeaderCell({ children, numeric = false, sort, onSort, nowrap = false }: {
  children: ReactNode;
  numeric?: boolean;
  /** Makes the header a sort button; `none` means sortable but not sorted by this column. */
  sort?: SortDirection;
  onSort?: () => void;
  nowrap?: boolean;
}) {
  const classes = ['nhsuk-table__header'];
  if (numeric) classes.push('nhsuk-table__header--numeric');
  if (nowrap) classes.push('nhsuk-u-nowrap');
  if (sort && onSort) {
    return (
      <th className={classes.join(' ')} scope="col" data-sort="" aria-sort={sort}>
        <button type="button" className="nhsuk-link" onClick={onSort}>{children}</button>
      </th>
    );
  }
  return <th className={classes.join(' ')} scope="col">{children}</th>;
}

export function Cell({ children, numeric = false, rowHeader = false, nowrap = false }: {
  children: ReactNode;
  numeric?: boolean;
  /** The cell that names its row (a <th scope="row">). */
  rowHeader?: boolean;
  nowrap?: boolean;
}) {
  const classes = [rowHeader ? 'nhsuk-table__header' : 'nhsuk-table__cell'];
  if (numeric) classes.push(rowHeader ? 'nhsuk-table__header--numeric' : 'nhsuk-table__cell--numeric');
  if (nowrap) classes.push('nhsuk-u-nowrap');
  return rowHeader ? <th className={classes.join(' ')} scope="row">{children}</th> : <td className={classes.join(' ')}>{children}</td>;
}

export interface DataColumn<Row> {
  header: string;
  numeric?: boolean;
  nowrap?: boolean;
  cell: (row: Row) => ReactNode;
}

/** A plain table: the first column names each row. */
export function DataTable<Row>({ caption, captionSize, captionHidden, columns, rows, rowKey, scrollable, firstColumnIsHeader = true }: {
  caption: string;
  captionSize?: 's' | 'm' | 'l' | null;
  captionHidden?: boolean;
  columns: DataColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string | number;
  scrollable?: boolean;
  firstColumnIsHeader?: boolean;
}) {
  return (
    <Table caption={caption} captionSize={captionSize} captionHidden={captionHidden} scrollable={scrollable}>
      <TableHead>
        {columns.map((c) => <HeaderCell key={c.header} numeric={c.numeric}>{c.header}</HeaderCell>)}
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={rowKey(row, i)}>
            {columns.map((c, j) => (
              <Cell key={c.header} numeric={c.numeric} nowrap={c.nowrap} rowHeader={firstColumnIsHeader && j === 0}>{c.cell(row)}</Cell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
