/**
 * An age/sex population pyramid: males to the left, females to the right, youngest at the bottom.
 * The chart is one labelled image; the table under "Show the numbers" carries the same data.
 */
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PyramidBand } from '../api/types.js';
import { formatCount } from '../format/numbers.js';
import { pyramidRows, symmetricTicks } from './pyramid-data.js';

/** NHS blue and NHS pink: both over 5:1 against white, and told apart by side and legend too. */
export const MALE_COLOUR = '#005eb8';
export const FEMALE_COLOUR = '#ae2573';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

const absolute = (value: unknown) => formatCount(Math.abs(Number(value)));

export function PopulationPyramid({ bands, title, description }: { bands: PyramidBand[]; title: string; description: string }) {
  const rows = pyramidRows(bands);
  const ticks = symmetricTicks(bands);
  const limit = ticks[ticks.length - 1] ?? 1;
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={560}>
        <BarChart
          data={rows}
          layout="vertical"
          stackOffset="sign"
          barCategoryGap={2}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          accessibilityLayer={false}
          role="img"
          title={title}
          desc={description}
        >
          <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
          <XAxis type="number" domain={[-limit, limit]} ticks={ticks} tickFormatter={absolute} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <YAxis type="category" dataKey="ageBand" width={56} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} interval={0} />
          <ReferenceLine x={0} stroke={TEXT_COLOUR} />
          <Tooltip
            formatter={(value, name) => [absolute(value), name]}
            labelFormatter={(label) => `Age ${String(label)}`}
            cursor={{ fill: '#f0f4f5' }}
          />
          <Legend itemSorter={null} />
          <Bar dataKey="male" name="Males" stackId="pyramid" fill={MALE_COLOUR} isAnimationActive={false} />
          <Bar dataKey="female" name="Females" stackId="pyramid" fill={FEMALE_COLOUR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
