/**
 * A business case's financial model as a small chart: each year's net (released − cost) as bars
 * and the cumulative position (the up-front investment at year 0) as a line, with zero marked.
 * One labelled image; the same numbers are in the table beside it.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FinancialModel } from '../../api/plan-cases.js';
import { formatPence } from '../../format/numbers.js';

const NET_COLOUR = '#005eb8';
const POSITION_COLOUR = '#ae2573';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

function axisPounds(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `£${(value / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`;
  if (abs >= 1_000) return `£${(value / 1_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}k`;
  return `£${value.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
}

export function ModelChart({ model, title }: { model: FinancialModel; title: string }) {
  const data = [
    { label: 'Start', net: null as number | null, position: -model.upfrontPence / 100 },
    ...model.years.map((y) => ({ label: `Year ${y.yearIndex}`, net: y.netPence / 100, position: y.cumulativePence / 100 })),
  ];
  const description = `Cumulative position from ${formatPence(-model.upfrontPence)} at the start to ${formatPence(model.netTotalPence)} after ${model.horizonYears} years. ${model.paybackLabel}.`;
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title={title} desc={description}>
          <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
          <XAxis dataKey="label" tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <YAxis tickFormatter={axisPounds} width={72} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <ReferenceLine y={0} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value, name) => [formatPence(Math.round(Number(value) * 100)), name]} cursor={{ fill: '#f0f4f5' }} />
          <Legend />
          <Bar dataKey="net" name="Net for the year" fill={NET_COLOUR} isAnimationActive={false} />
          <Line dataKey="position" name="Cumulative position" stroke={POSITION_COLOUR} strokeWidth={3} dot={{ r: 4, fill: POSITION_COLOUR }} type="linear" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
