/**
 * Plan against actual to date: a row per provider (or per contract line) with year-to-date plan
 * and actual, variance, RAG, and forecast outturn by both methods, then the total. Unpriced and
 * out-of-area line counts are year to date too.
 */
import type { ReactNode } from 'react';
import type { MonitoringSeries } from '../api/activity.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { formatForecast, formatSignedPence, formatSignedPercent } from './money.js';
import { RagTag } from './RagTag.js';

export interface MonitoringRow {
  key: string;
  /** what the row is: a provider's name (a link to its contract), or a contract line */
  name: ReactNode;
  /** under the name: the contract reference, or "No contract" */
  detail?: string;
  series: MonitoringSeries;
  /** lines of practices outside the commissioner, not counted against the plan */
  outOfAreaLines?: number;
}

export function MonitoringTable({ caption, firstHeader, rows, total }: {
  caption: string;
  firstHeader: string;
  rows: MonitoringRow[];
  total?: MonitoringSeries;
}) {
  const showOutOfArea = rows.some((r) => r.outOfAreaLines !== undefined);
  const outOfAreaTotal = rows.reduce((a, r) => a + (r.outOfAreaLines ?? 0), 0);
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>{firstHeader}</HeaderCell>
        <HeaderCell numeric>Plan to date</HeaderCell>
        <HeaderCell numeric>Actual to date</HeaderCell>
        <HeaderCell numeric>Variance</HeaderCell>
        <HeaderCell>RAG</HeaderCell>
        <HeaderCell numeric>Forecast (straight line)</HeaderCell>
        <HeaderCell numeric>Forecast (seasonal)</HeaderCell>
        <HeaderCell numeric>Year plan</HeaderCell>
        <HeaderCell numeric>Unpriced lines</HeaderCell>
        {showOutOfArea && <HeaderCell numeric>Out-of-area lines</HeaderCell>}
      </TableHead>
      <TableBody>
        {rows.map((r) => <SeriesRow key={r.key} name={r.name} detail={r.detail} s={r.series} outOfArea={showOutOfArea ? r.outOfAreaLines ?? 0 : undefined} />)}
        {total && <SeriesRow name={<strong>Total</strong>} s={total} outOfArea={showOutOfArea ? outOfAreaTotal : undefined} bold />}
      </TableBody>
    </Table>
  );
}

function SeriesRow({ name, detail, s, outOfArea, bold = false }: { name: ReactNode; detail?: string; s: MonitoringSeries; outOfArea?: number; bold?: boolean }) {
  const b = (text: string) => (bold ? <strong>{text}</strong> : text);
  return (
    <TableRow>
      <Cell rowHeader>{name}{detail && <span className="nhsuk-body-s app-secondary app-block">{detail}</span>}</Cell>
      <Cell numeric nowrap>{b(formatPence(s.ytdPlanPence))}</Cell>
      <Cell numeric nowrap>{b(formatPence(s.ytdActualPence))}</Cell>
      <Cell numeric nowrap>{b(formatSignedPence(s.variancePence))}<span className="app-block app-secondary">{formatSignedPercent(s.variancePercent)}</span></Cell>
      <Cell><RagTag rag={s.rag} /></Cell>
      <Cell numeric nowrap>{b(formatForecast(s.forecast.straightLinePence))}</Cell>
      <Cell numeric nowrap>{b(formatForecast(s.forecast.seasonalPence))}</Cell>
      <Cell numeric nowrap>{b(formatPence(s.yearPlanPence))}</Cell>
      <Cell numeric>{b(formatCount(s.ytdUnpricedLines))}</Cell>
      {outOfArea !== undefined && <Cell numeric>{b(formatCount(outOfArea))}</Cell>}
    </TableRow>
  );
}
