/**
 * A tile's small chart: bars of a figure (NHS blue) beside what it is set against (grey with a
 * dashed outline, so colour is not the only difference), e.g. spend against budget by month. The
 * chart is one labelled image whose description carries every number; the tile lists them too.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Tile } from '../api/dashboard.js';
import { formatCount } from '../format/numbers.js';

const BLUE = '#005eb8';
const GREY = '#aeb7bd';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

const pounds = (pence: number) => `£${formatCount(Math.round(pence / 100))}`;

export function TileChart({ title, chart }: { title: string; chart: NonNullable<Tile['chart']> }) {
  const format = chart.kind === 'money' ? pounds : formatCount;
  const described = chart.points.map((p) => `${p.label}: ${chart.valueLabel} ${format(p.value)}${p.compare === null ? '' : `, ${chart.compareLabel} ${format(p.compare)}`}`).join('; ');
  const axisTick = (v: number) => (chart.kind === 'money' ? `£${formatCount(Math.round(v / 100_000))}k` : formatCount(v));
  return (
    <div className="app-pyramid app-dashboard-chart">
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={chart.points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title={`${title}: ${chart.valueLabel}${chart.compareLabel ? ` and ${chart.compareLabel}` : ''}`} desc={described}>
          <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
          <XAxis dataKey="label" tick={{ fill: TEXT_COLOUR, fontSize: 12 }} stroke={TEXT_COLOUR} interval="preserveStartEnd" />
          <YAxis tickFormatter={axisTick} tick={{ fill: TEXT_COLOUR, fontSize: 12 }} stroke={TEXT_COLOUR} width={56} allowDecimals={false} />
          <Tooltip formatter={(value, name) => [format(Number(value)), String(name)]} cursor={{ fill: '#f0f4f5' }} />
          {chart.compareLabel && <Legend wrapperStyle={{ color: TEXT_COLOUR, fontSize: 14 }} />}
          <Bar dataKey="value" name={chart.valueLabel} fill={BLUE} isAnimationActive={false} />
          {chart.compareLabel && <Bar dataKey="compare" name={chart.compareLabel} fill={GREY} stroke={TEXT_COLOUR} strokeDasharray="4 3" strokeWidth={1} isAnimationActive={false} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
