/**
 * Budget against spend: a chart by month (spend as bars, the budget as a dashed line) — one
 * labelled image, the same numbers in the month table under "Show the numbers" — and the table of
 * rows (practices, groups, service lines) with year to date, variance, RAG and forecasts.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BudgetSeries } from '../api/budgets.js';
import { formatForecast, formatSignedPence, formatSignedPercent } from '../activity/money.js';
import { RagTag } from '../activity/RagTag.js';
import { formatPence } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

const SPEND_COLOUR = '#005eb8';
const BUDGET_COLOUR = '#ae2573';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

function axisPounds(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `£${(value / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`;
  if (abs >= 1_000) return `£${(value / 1_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}k`;
  return `£${value.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
}

export function BudgetChart({ series, months, title, description }: { series: BudgetSeries; months: { month: number; label: string }[]; title: string; description: string }) {
  const data = months.map((m, i) => ({ label: m.label, spend: series.spendByMonth[i]! / 100, budget: series.budgetByMonth[i]! / 100 }));
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={360}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title={title} desc={description}>
          <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
          <XAxis dataKey="label" tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} interval="preserveStartEnd" />
          <YAxis tickFormatter={axisPounds} width={72} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value, name) => [formatPence(Math.round(Number(value) * 100)), name]} cursor={{ fill: '#f0f4f5' }} />
          <Legend />
          <Bar dataKey="spend" name="Spend" fill={SPEND_COLOUR} isAnimationActive={false} />
          <Line dataKey="budget" name="Budget" stroke={BUDGET_COLOUR} strokeWidth={3} strokeDasharray="8 4" dot={{ r: 4, fill: BUDGET_COLOUR }} type="linear" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The numbers behind the chart: a row per month, with the running variance; `drill` links a month's spend to its activity. */
export function BudgetMonthTable({ series, months, caption, elapsed, drill }: {
  series: BudgetSeries;
  months: { month: number; label: string }[];
  caption: string;
  elapsed: number;
  drill?: (month: number) => string | null;
}) {
  let running = 0;
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell numeric>Budget</HeaderCell>
        <HeaderCell numeric>Spend</HeaderCell>
        <HeaderCell numeric>Variance</HeaderCell>
        <HeaderCell numeric>Variance to date</HeaderCell>
      </TableHead>
      <TableBody>
        {months.map((m, i) => {
          const budget = series.budgetByMonth[i]!;
          const spend = series.spendByMonth[i]!;
          running += spend - budget;
          const link = spend !== 0 ? drill?.(m.month) : null;
          return (
            <TableRow key={m.month}>
              <Cell rowHeader nowrap>{m.label}{m.month > elapsed && <span className="app-block app-secondary">Not yet in</span>}</Cell>
              <Cell numeric nowrap>{formatPence(budget)}</Cell>
              <Cell numeric nowrap>{link ? <Link className="nhsuk-link" to={link}>{formatPence(spend)}<span className="nhsuk-u-visually-hidden"> spend in {m.label}: see the activity</span></Link> : formatPence(spend)}</Cell>
              <Cell numeric nowrap>{formatSignedPence(spend - budget)}</Cell>
              <Cell numeric nowrap>{formatSignedPence(running)}</Cell>
            </TableRow>
          );
        })}
        <TableRow>
          <Cell rowHeader>Year</Cell>
          <Cell numeric nowrap><strong>{formatPence(series.yearBudgetPence)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(series.spendByMonth.reduce((a, b) => a + b, 0))}</strong></Cell>
          <Cell numeric nowrap><strong>{formatSignedPence(series.spendByMonth.reduce((a, b) => a + b, 0) - series.yearBudgetPence)}</strong></Cell>
          <Cell numeric>{''}</Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

export interface BudgetRow { key: string; name: ReactNode; detail?: ReactNode; series: BudgetSeries; bold?: boolean }

/** Budget against spend to date, a row each, with RAG and forecasts; totals are rows too (bold). */
export function BudgetSeriesTable({ caption, firstHeader, rows }: { caption: string; firstHeader: string; rows: BudgetRow[] }) {
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>{firstHeader}</HeaderCell>
        <HeaderCell numeric>Budget to date</HeaderCell>
        <HeaderCell numeric>Spend to date</HeaderCell>
        <HeaderCell numeric>Variance</HeaderCell>
        <HeaderCell>RAG</HeaderCell>
        <HeaderCell numeric>Forecast (straight line)</HeaderCell>
        <HeaderCell numeric>Forecast (seasonal)</HeaderCell>
        <HeaderCell numeric>Year budget</HeaderCell>
        <HeaderCell numeric>Forecast variance</HeaderCell>
      </TableHead>
      <TableBody>
        {rows.map((r) => {
          const b = (text: string) => (r.bold ? <strong>{text}</strong> : text);
          const s = r.series;
          return (
            <TableRow key={r.key}>
              <Cell rowHeader>{r.name}{r.detail && <span className="nhsuk-body-s app-secondary app-block">{r.detail}</span>}</Cell>
              <Cell numeric nowrap>{b(formatPence(s.ytdBudgetPence))}</Cell>
              <Cell numeric nowrap>{b(formatPence(s.ytdSpendPence))}</Cell>
              <Cell numeric nowrap>{b(formatSignedPence(s.variancePence))}<span className="app-block app-secondary">{formatSignedPercent(s.variancePercent)}</span></Cell>
              <Cell><RagTag rag={s.rag} /></Cell>
              <Cell numeric nowrap>{b(formatForecast(s.forecast.straightLinePence))}</Cell>
              <Cell numeric nowrap>{b(formatForecast(s.forecast.seasonalPence))}</Cell>
              <Cell numeric nowrap>{b(formatPence(s.yearBudgetPence))}</Cell>
              <Cell numeric nowrap>{b(s.forecastVariance.seasonalPence === null ? 'Not yet' : formatSignedPence(s.forecastVariance.seasonalPence))}</Cell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
