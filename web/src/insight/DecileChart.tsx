/**
 * Where a practice sits among its peers: the nine decile cut points (10th to 90th percentile, nearest
 * rank) as columns, and the highlighted practice's value as a labelled red line across them.
 */
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Comparison } from '../api/insight.js';
import { COLOURS, formatRate } from './format.js';

export function decileSummary(c: Comparison): string {
  if (!c.deciles) return 'No practice has a value to rank.';
  const highlighted = c.practices.find((p) => p.highlighted);
  const median = c.deciles.find((d) => d.percentile === 50)?.value ?? null;
  return `Peers’ 10th percentile ${formatRate(c.deciles[0]!.value)}, median ${formatRate(median)}, 90th percentile ${formatRate(c.deciles.at(-1)!.value)}.`
    + (highlighted ? ` ${highlighted.label}: ${formatRate(highlighted.rate)}, ${highlighted.decile === null ? 'no decile' : `decile ${highlighted.decile} of 10`}.` : '');
}

export function DecileChart({ comparison }: { comparison: Comparison }) {
  if (!comparison.deciles) return null;
  const data = comparison.deciles.map((d) => ({ label: `${d.percentile}th`, value: d.value }));
  const highlighted = comparison.practices.find((p) => p.highlighted && p.rate !== null);
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 24, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title={`Deciles: ${comparison.measure.name}`} desc={decileSummary(comparison)}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis dataKey="label" stroke={COLOURS.text} label={{ value: 'Percentile of peers', position: 'insideBottom', offset: -4, fill: COLOURS.text }} />
          <YAxis stroke={COLOURS.text} width={64} tickFormatter={(v: number) => formatRate(v)} />
          <Tooltip formatter={(value) => formatRate(Number(value))} />
          <Bar dataKey="value" name="Rate at the percentile" fill={COLOURS.practice} isAnimationActive={false} />
          {highlighted && (
            <ReferenceLine y={highlighted.rate!} stroke={COLOURS.highlight} strokeWidth={3} strokeDasharray="10 3"
              label={{ value: `${highlighted.label}: ${formatRate(highlighted.rate)}`, fill: COLOURS.highlight, position: 'top', fontWeight: 'bold' }} />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
