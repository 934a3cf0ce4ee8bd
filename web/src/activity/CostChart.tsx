/**
 * Cost at tariff by month as bars, with the contract plan as a dashed line when there is one. The
 * chart is one labelled image; the same numbers are in the table under "Show the numbers".
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPence } from '../format/numbers.js';

/** NHS blue bars; the plan in NHS dark pink, dashed and dotted so it is told apart by shape too. */
const ACTUAL_COLOUR = '#005eb8';
const PLAN_COLOUR = '#ae2573';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

export interface MonthPoint { month: number; label: string; costPence: number; planPence: number | null }

/** £12k, £1.2m: short labels for the axis. */
function axisPounds(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `£${(value / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}m`;
  if (abs >= 1_000) return `£${(value / 1_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })}k`;
  return `£${value.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
}

export function CostChart({ points, title, description }: { points: MonthPoint[]; title: string; description: string }) {
  const showPlan = points.some((p) => p.planPence !== null);
  // Pounds on the axis; the tooltip shows the exact pence.
  const data = points.map((p) => ({ label: p.label, actual: p.costPence / 100, plan: p.planPence === null ? null : p.planPence / 100 }));
  return (
    // app-pyramid: the chart wrapper style (spacing, visible keyboard focus) the population pyramid defined.
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={360}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title={title} desc={description}>
          <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
          <XAxis dataKey="label" tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} interval="preserveStartEnd" />
          <YAxis tickFormatter={axisPounds} width={72} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value, name) => [formatPence(Math.round(Number(value) * 100)), name]} cursor={{ fill: '#f0f4f5' }} />
          <Legend />
          <Bar dataKey="actual" name="Cost at tariff" fill={ACTUAL_COLOUR} isAnimationActive={false} />
          {showPlan && (
            <Line dataKey="plan" name="Contract plan" stroke={PLAN_COLOUR} strokeWidth={3} strokeDasharray="8 4" dot={{ r: 4, fill: PLAN_COLOUR }}
              type="linear" isAnimationActive={false} connectNulls />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
