/**
 * A funnel plot (issue 7 §2): every practice a point against its expected count (ratios) or list
 * size (rates), with 95% and 99.8% control limits. The highlighted practice is a red diamond with
 * its name beside it — colour and shape and a label, so it is never told by colour alone. The chart
 * is one labelled image with a text summary; the same figures are in the table under it.
 */
import { CartesianGrid, ComposedChart, LabelList, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { Comparison } from '../api/insight.js';
import { COLOURS, formatExpected, formatRate } from './format.js';

export function funnelSummary(c: Comparison): string {
  const plotted = c.practices.filter((p) => p.y !== null);
  const count = (test: (p: (typeof plotted)[number]) => boolean) => plotted.filter(test).length;
  const above = count((p) => p.position.startsWith('above'));
  const below = count((p) => p.position.startsWith('below'));
  const alarm = count((p) => p.position.endsWith('99.8%'));
  const highlighted = c.practices.find((p) => p.highlighted);
  const own = highlighted ? ` ${highlighted.label}: ${c.chart.scale === 'ratio' ? `ratio ${formatRate(highlighted.ratio)}` : `rate ${formatRate(highlighted.rate)}`}, ${highlighted.positionWords}.` : '';
  return `${plotted.length} practices plotted: ${plotted.length - above - below} within the limits, ${above} above and ${below} below the 95% limits (${alarm} beyond 99.8%).${own}`;
}

export function FunnelPlot({ comparison }: { comparison: Comparison }) {
  const { chart } = comparison;
  const points = comparison.practices.filter((p) => p.y !== null && !p.highlighted).map((p) => ({ x: p.x, y: p.y, name: p.label }));
  const highlighted = comparison.practices.filter((p) => p.y !== null && p.highlighted).map((p) => ({ x: p.x, y: p.y, name: p.label }));
  const title = `Funnel plot: ${comparison.measure.name}, ${comparison.period.from} to ${comparison.period.to}`;
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={420}>
        <ComposedChart data={chart.curve} margin={{ top: 16, right: 24, bottom: 24, left: 16 }} accessibilityLayer={false} role="img" title={title} desc={funnelSummary(comparison)}>
          <CartesianGrid stroke={COLOURS.grid} />
          <XAxis dataKey="x" type="number" domain={['auto', 'auto']} tickFormatter={(v: number) => formatExpected(v)} stroke={COLOURS.text}
            label={{ value: chart.xLabel, position: 'insideBottom', offset: -12, fill: COLOURS.text }} />
          <YAxis type="number" domain={[0, 'auto']} tickFormatter={(v: number) => formatRate(v)} stroke={COLOURS.text} width={64}
            label={{ value: chart.yLabel, angle: -90, position: 'insideLeft', fill: COLOURS.text, style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(value) => formatRate(Number(value))} labelFormatter={(v) => `${chart.xLabel}: ${formatExpected(Number(v))}`} />
          <Legend verticalAlign="top" />
          {chart.target !== null && <ReferenceLine y={chart.target} stroke={COLOURS.target} strokeWidth={2} label={{ value: chart.scale === 'ratio' ? 'As expected (1)' : 'Commissioner', fill: COLOURS.target, position: 'right' }} />}
          <Line dataKey="upper998" name="99.8% limits" stroke={COLOURS.limit998} strokeWidth={2} dot={false} isAnimationActive={false} legendType="line" />
          <Line dataKey="lower998" name="99.8% lower" stroke={COLOURS.limit998} strokeWidth={2} dot={false} isAnimationActive={false} legendType="none" />
          <Line dataKey="upper95" name="95% limits" stroke={COLOURS.limit95} strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          <Line dataKey="lower95" name="95% lower" stroke={COLOURS.limit95} strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} legendType="none" />
          <Scatter data={points} dataKey="y" name="Practices" fill={COLOURS.practice} shape="circle" isAnimationActive={false} />
          {highlighted.length > 0 && (
            <Scatter data={highlighted} dataKey="y" name={highlighted[0]!.name} fill={COLOURS.highlight} shape="diamond" legendType="diamond" isAnimationActive={false}>
              <LabelList dataKey="name" position="right" fill={COLOURS.highlight} fontWeight="bold" />
            </Scatter>
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
