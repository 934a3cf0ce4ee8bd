/**
 * The reviewer evidence's two charts: decisions by outcome, and how many working days decisions
 * took (within the service level in NHS blue, beyond it in grey with a dashed outline, so
 * colour is not the only difference). Each chart is one labelled image; the same numbers are in
 * the tables beside them on the page.
 */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReviewerEvidence } from '../api/reviewer-evidence.js';

const BLUE = '#005eb8';
const GREY = '#768692';
const TEXT_COLOUR = '#212b32';
const GRID_COLOUR = '#d8dde0';

export function OutcomeChart({ evidence }: { evidence: ReviewerEvidence }) {
  const data = evidence.byOutcome.map((o) => ({ label: o.label, count: o.count }));
  const description = evidence.byOutcome.map((o) => `${o.label}: ${o.count} (${o.percent}%)`).join('; ');
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title="Decisions by outcome" desc={description}>
          <CartesianGrid horizontal={false} stroke={GRID_COLOUR} />
          <XAxis type="number" allowDecimals={false} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <YAxis type="category" dataKey="label" width={210} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value) => [String(value), 'Decisions']} cursor={{ fill: '#f0f4f5' }} />
          <Bar dataKey="count" name="Decisions" fill={BLUE} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TurnaroundChart({ evidence }: { evidence: ReviewerEvidence }) {
  const level = evidence.serviceLevelDays;
  const data = evidence.turnaround.distribution.map((b) => ({ label: b.label, count: b.count, within: !b.orMore && b.workingDays <= level }));
  const description = `${data.map((b) => `${b.label} working days: ${b.count}`).join('; ')}. The service level is ${level} working days.`;
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }} accessibilityLayer={false} role="img"
          title="Working days from receipt (or information) to decision" desc={description}>
          <CartesianGrid vertical={false} stroke={GRID_COLOUR} />
          <XAxis dataKey="label" tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR}
            label={{ value: 'Working days to decision', position: 'insideBottom', offset: -16, fill: TEXT_COLOUR }} />
          <YAxis allowDecimals={false} tick={{ fill: TEXT_COLOUR }} stroke={TEXT_COLOUR} />
          <Tooltip formatter={(value) => [String(value), 'Decisions']} cursor={{ fill: '#f0f4f5' }} />
          <Bar dataKey="count" name="Decisions" isAnimationActive={false}>
            {data.map((b) => (
              <Cell key={b.label} fill={b.within ? BLUE : GREY} stroke={b.within ? BLUE : TEXT_COLOUR} strokeDasharray={b.within ? undefined : '4 3'} strokeWidth={b.within ? 0 : 2} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
