/**
 * The feedback pack's charts (REF-8): referral rates by specialty against the peers' median, the
 * 12-month trend against the peers' band, triage outcome shares against all practices', and the
 * budget to date against spend. Each is one labelled image with a text summary; the page puts the
 * same numbers in a table one click away under each chart.
 */
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeedbackPack } from '../api/feedback-packs.js';
import { formatPence } from '../format/numbers.js';
import { COLOURS } from '../insight/format.js';
import { formatRate, formatShare } from './format.js';

const TEXT = COLOURS.text;

export function SpecialtyChart({ pack }: { pack: FeedbackPack }) {
  const rows = [...pack.referrals.bySpecialty, pack.referrals.total];
  const data = rows.map((f) => ({ label: f.tfc ? f.name : 'All specialties', practice: f.rate, median: f.peers.median }));
  const desc = rows.map((f) => `${f.name}: ${formatRate(f.rate)} against a peer median of ${formatRate(f.peers.median)}`).join('; ');
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={Math.max(200, 44 * data.length + 60)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title={`Referrals per 1,000 patients by specialty, ${pack.monthLabel}`} desc={desc}>
          <CartesianGrid horizontal={false} stroke={COLOURS.grid} />
          <XAxis type="number" tick={{ fill: TEXT }} stroke={TEXT} tickFormatter={(v: number) => formatRate(v)} />
          <YAxis type="category" dataKey="label" width={200} tick={{ fill: TEXT }} stroke={TEXT} />
          <Tooltip formatter={(value) => formatRate(Number(value))} cursor={{ fill: '#f0f4f5' }} />
          <Legend />
          <Bar dataKey="practice" name={pack.practice.name} fill={COLOURS.practice} isAnimationActive={false} />
          <Bar dataKey="median" name="Peers: median" fill={COLOURS.limit95} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function PackTrendChart({ pack }: { pack: FeedbackPack }) {
  const data = pack.trend.map((m) => ({ label: m.label, rate: m.rate, median: m.peerMedian, band: m.peerP10 !== null && m.peerP90 !== null ? [m.peerP10, m.peerP90] : null }));
  const last = pack.trend.at(-1);
  const desc = `${pack.practice.name}, referrals per 1,000 patients by month for 12 months against the peers’ median and 10th to 90th percentile.`
    + (last ? ` ${last.label}: ${formatRate(last.rate)} against a median of ${formatRate(last.peerMedian)}.` : '');
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={320}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" title="Referral rate over the last 12 months" desc={desc}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis dataKey="label" stroke={TEXT} interval="preserveStartEnd" />
          <YAxis stroke={TEXT} width={56} tickFormatter={(v: number) => formatRate(v)} />
          <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatRate(Number(v))).join(' to ') : formatRate(Number(value)))} />
          <Legend />
          <Area dataKey="band" name="Peers: 10th to 90th percentile" fill={COLOURS.band} stroke="none" isAnimationActive={false} />
          <Line dataKey="median" name="Peers: median" stroke={COLOURS.limit998} strokeDasharray="6 4" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="rate" name={pack.practice.name} stroke={COLOURS.practice} strokeWidth={3} dot={{ r: 4, fill: COLOURS.practice }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TriageChart({ pack }: { pack: FeedbackPack }) {
  const data = pack.triage.outcomes.map((o) => ({ label: o.label, practice: o.share === null ? null : o.share * 100, all: o.peerShare === null ? null : o.peerShare * 100 }));
  const desc = pack.triage.outcomes.map((o) => `${o.label}: ${formatShare(o.share)} (all practices ${formatShare(o.peerShare)})`).join('; ');
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title={`Triage outcomes, ${pack.monthLabel}`} desc={desc}>
          <CartesianGrid horizontal={false} stroke={COLOURS.grid} />
          <XAxis type="number" domain={[0, 100]} tick={{ fill: TEXT }} stroke={TEXT} tickFormatter={(v: number) => `${v}%`} />
          <YAxis type="category" dataKey="label" width={220} tick={{ fill: TEXT }} stroke={TEXT} />
          <Tooltip formatter={(value) => `${Math.round(Number(value))}%`} cursor={{ fill: '#f0f4f5' }} />
          <Legend />
          <Bar dataKey="practice" name={pack.practice.name} fill={COLOURS.practice} isAnimationActive={false} />
          <Bar dataKey="all" name="All practices" fill={COLOURS.limit95} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BudgetChart({ pack }: { pack: FeedbackPack }) {
  const b = pack.budget.figures;
  if (!b) return null;
  const data = [
    { label: 'Budget to date', pounds: b.ytdBudgetPence / 100 },
    { label: 'Spend to date', pounds: b.ytdSpendPence / 100 },
  ];
  return (
    <div className="app-pyramid">
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
          title={`Budget position, ${pack.budget.year}`} desc={`Budget to date ${formatPence(b.ytdBudgetPence)}; spend to date ${formatPence(b.ytdSpendPence)}.`}>
          <CartesianGrid horizontal={false} stroke={COLOURS.grid} />
          <XAxis type="number" tick={{ fill: TEXT }} stroke={TEXT} tickFormatter={(v: number) => `£${Math.round(v).toLocaleString('en-GB')}`} />
          <YAxis type="category" dataKey="label" width={140} tick={{ fill: TEXT }} stroke={TEXT} />
          <Tooltip formatter={(value) => `£${Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`} cursor={{ fill: '#f0f4f5' }} />
          <Bar dataKey="pounds" name="Amount" fill={COLOURS.practice} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
