/**
 * A practice's monthly rate (solid line, dots) against its peers' median (dashed) and their 10th to
 * 90th percentile band (shaded): one labelled image with a summary; the numbers in a table under it.
 */
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Trend } from '../api/insight.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { COLOURS, formatExpected, formatRate, formatWhole, unitOf } from './format.js';

export function trendSummary(trend: Trend): string {
  const withRate = trend.months.filter((m) => m.rate !== null && m.peerMedian !== null);
  const above = withRate.filter((m) => m.rate! > m.peerMedian!).length;
  const last = trend.months.at(-1);
  return `${trend.practice.label}, ${trend.months.length} months: above the peers’ median in ${above} of ${withRate.length} months with a rate.`
    + (last ? ` ${last.label}: ${formatRate(last.rate)} against a median of ${formatRate(last.peerMedian)}.` : '');
}

export function TrendChart({ trend }: { trend: Trend }) {
  const data = trend.months.map((m) => ({ label: m.label, rate: m.rate, median: m.peerMedian, band: m.peerP10 !== null && m.peerP90 !== null ? [m.peerP10, m.peerP90] : null }));
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title={`Trend: ${trend.measure.name}, ${trend.practice.label}`} desc={trendSummary(trend)}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis dataKey="label" stroke={COLOURS.text} interval="preserveStartEnd" />
          <YAxis stroke={COLOURS.text} width={64} tickFormatter={(v: number) => formatRate(v)} />
          <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatRate(Number(v))).join(' to ') : formatRate(Number(value)))} />
          <Legend />
          <Area dataKey="band" name="Peers: 10th to 90th percentile" fill={COLOURS.band} stroke="none" isAnimationActive={false} />
          <Line dataKey="median" name="Peers: median" stroke={COLOURS.limit998} strokeDasharray="6 4" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="rate" name={trend.practice.label} stroke={COLOURS.highlight} strokeWidth={3} dot={{ r: 4, fill: COLOURS.highlight }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TrendTable({ trend }: { trend: Trend }) {
  const unit = unitOf(trend.measure.per);
  return (
    <Table caption={`${trend.measure.name}: ${trend.practice.label} by month${unit ? ` (rates${unit})` : ''}`} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell numeric>Observed</HeaderCell>
        <HeaderCell numeric>Expected</HeaderCell>
        <HeaderCell numeric>Rate</HeaderCell>
        <HeaderCell numeric>Peers: median</HeaderCell>
        <HeaderCell numeric>Peers: 10th–90th percentile</HeaderCell>
      </TableHead>
      <TableBody>
        {trend.months.map((m) => (
          <TableRow key={m.month}>
            <Cell rowHeader nowrap>{m.label}</Cell>
            <Cell numeric>{formatWhole(m.observed)}</Cell>
            <Cell numeric>{formatExpected(m.expected)}</Cell>
            <Cell numeric>{formatRate(m.rate)}</Cell>
            <Cell numeric>{formatRate(m.peerMedian)}</Cell>
            <Cell numeric nowrap>{m.peerP10 === null ? '–' : `${formatRate(m.peerP10)} to ${formatRate(m.peerP90)}`}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
