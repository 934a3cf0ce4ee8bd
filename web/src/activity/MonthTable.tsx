/** The numbers behind the cost chart: a row per month, each total linking to its lines. */
import { Link } from 'react-router';
import { linesPageUrl, type ActivityFilterValues } from '../api/activity.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { formatSignedPence } from './money.js';

export interface MonthRow { month: number; label: string; lines: number; unpricedLines: number; costPence: number; planPence: number | null }

export function MonthTable({ rows, caption, filters }: { rows: MonthRow[]; caption: string; filters: ActivityFilterValues }) {
  const showPlan = rows.some((r) => r.planPence !== null);
  const total = rows.reduce((a, r) => ({
    lines: a.lines + r.lines, unpricedLines: a.unpricedLines + r.unpricedLines, costPence: a.costPence + r.costPence, planPence: a.planPence + (r.planPence ?? 0),
  }), { lines: 0, unpricedLines: 0, costPence: 0, planPence: 0 });
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell numeric>Lines</HeaderCell>
        <HeaderCell numeric>Unpriced lines</HeaderCell>
        <HeaderCell numeric>Cost at tariff</HeaderCell>
        {showPlan && <HeaderCell numeric>Contract plan</HeaderCell>}
        {showPlan && <HeaderCell numeric>Cost less plan</HeaderCell>}
      </TableHead>
      <TableBody>
        {rows.map((r) => {
          const month = { ...filters, month: String(r.month) };
          return (
            <TableRow key={r.month}>
              <Cell rowHeader nowrap>{r.label}</Cell>
              <Cell numeric>{r.lines ? <Link className="nhsuk-link" to={linesPageUrl(month)}>{formatCount(r.lines)}<span className="nhsuk-u-visually-hidden"> lines in {r.label}</span></Link> : '0'}</Cell>
              <Cell numeric>{r.unpricedLines ? <Link className="nhsuk-link" to={linesPageUrl({ ...month, unpriced: 'true' })}>{formatCount(r.unpricedLines)}<span className="nhsuk-u-visually-hidden"> unpriced lines in {r.label}</span></Link> : '0'}</Cell>
              <Cell numeric nowrap>{formatPence(r.costPence)}</Cell>
              {showPlan && <Cell numeric nowrap>{r.planPence === null ? '' : formatPence(r.planPence)}</Cell>}
              {showPlan && <Cell numeric nowrap>{r.planPence === null ? '' : formatSignedPence(r.costPence - r.planPence)}</Cell>}
            </TableRow>
          );
        })}
        <TableRow>
          <Cell rowHeader>Year</Cell>
          <Cell numeric><strong>{formatCount(total.lines)}</strong></Cell>
          <Cell numeric><strong>{formatCount(total.unpricedLines)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(total.costPence)}</strong></Cell>
          {showPlan && <Cell numeric nowrap><strong>{formatPence(total.planPence)}</strong></Cell>}
          {showPlan && <Cell numeric nowrap><strong>{formatSignedPence(total.costPence - total.planPence)}</strong></Cell>}
        </TableRow>
      </TableBody>
    </Table>
  );
}
