/**
 * The share of audited A&E attendances that primary care could have seen, one bar per practice
 * (or "your practice" and "your locality"), with its 95% interval as an error bar. The chart is one
 * labelled image; the same numbers are in the table under it.
 */
import { Bar, BarChart, CartesianGrid, ErrorBar, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const BAR_COLOUR = '#005eb8';
const OVERALL_COLOUR = '#330072';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

export interface SharePoint { label: string; share: number; lower: number; upper: number; overall?: boolean }

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function ShareChart({ points, title, description }: { points: SharePoint[]; title: string; description: string }) {
  // Percent on the axis; the error bar is given as [below, above] the bar's top.
  const data = points.map((p) => ({ label: p.label, share: p.share * 100, ci: [(p.share - p.lower) * 100, (p.upper - p.share) * 100], overall: p.overall ?? false }));
  const height = Math.max(160, 48 * points.length + 60);
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 48, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title={title} desc={description}>
          <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
          <XAxis type="number" domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <YAxis type="category" dataKey="label" width={200} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value) => [pct(Number(value) / 100), 'Could have been seen in primary care']} cursor={{ fill: '#f0f4f5' }} />
          <Bar dataKey="share" name="Could have been seen in primary care" isAnimationActive={false}
            shape={(props: { x?: number; y?: number; width?: number; height?: number; payload?: { overall: boolean } }) => (
              <rect x={props.x} y={props.y} width={Math.max(0, props.width ?? 0)} height={props.height} fill={props.payload?.overall ? OVERALL_COLOUR : BAR_COLOUR} />
            )}>
            <ErrorBar dataKey="ci" direction="x" width={6} strokeWidth={2} stroke={TEXT_COLOUR} />
            <LabelList dataKey="share" position="right" offset={28} formatter={(v: unknown) => pct(Number(v) / 100)} fill={TEXT_COLOUR} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
