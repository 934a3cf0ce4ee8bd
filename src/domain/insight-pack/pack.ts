/**
 * A practice's monthly feedback pack (REF-8, issue 7 §3), shaped from figures the server has
 * already worked out: how the practice's figures sit among its peers (median and range, never a
 * named peer), triage outcome shares against everyone's, the pathway criteria it most often
 * missed, and the short "what stands out" list in plain words. Pure: no I/O.
 */
import { nearestRankPercentile } from '../insight/deciles.js';
import { POSITION_WORDS, type FunnelPosition } from '../insight/funnel.js';
import { STATUS_LABELS } from '../referrals/triage.js';

/** The peers' spread of a value: median, 10th to 90th percentile (nearest rank), lowest and highest. */
export interface PeerSpread { median: number | null; p10: number | null; p90: number | null; min: number | null; max: number | null; practices: number }

export function peerSpreadOf(values: readonly (number | null)[]): PeerSpread {
  const usable = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    median: nearestRankPercentile(usable, 50), p10: nearestRankPercentile(usable, 10), p90: nearestRankPercentile(usable, 90),
    min: usable.length ? Math.min(...usable) : null, max: usable.length ? Math.max(...usable) : null, practices: usable.length,
  };
}

/** Where a referral stands after triage: the latest decision, or still awaiting one. */
export const TRIAGE_OUTCOMES = ['forwarded', 'diverted', 'returned_with_advice', 'info_requested', 'discussed_with_gp', 'awaiting_triage'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];
export const TRIAGE_OUTCOME_LABELS: Record<TriageOutcome, string> = Object.fromEntries(TRIAGE_OUTCOMES.map((o) => [o, STATUS_LABELS[o]])) as Record<TriageOutcome, string>;

export type OutcomeCounts = Record<TriageOutcome, number>;
export const noOutcomes = (): OutcomeCounts => Object.fromEntries(TRIAGE_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export interface OutcomeShare { outcome: TriageOutcome; label: string; count: number; share: number | null; peerShare: number | null }

/** The practice's outcome shares beside everyone's (the peers' pooled share: all their referrals together). */
export function outcomeShares(own: OutcomeCounts, all: OutcomeCounts): OutcomeShare[] {
  const ownTotal = TRIAGE_OUTCOMES.reduce((a, o) => a + own[o], 0);
  const allTotal = TRIAGE_OUTCOMES.reduce((a, o) => a + all[o], 0);
  return TRIAGE_OUTCOMES.map((outcome) => ({
    outcome, label: TRIAGE_OUTCOME_LABELS[outcome], count: own[outcome],
    share: ownTotal ? own[outcome] / ownTotal : null, peerShare: allTotal ? all[outcome] / allTotal : null,
  }));
}

export interface CriterionCount { pathwayCode: string; pathwayName: string; criterionId: string; label: string; missed: number; assessed: number }
export interface CriterionMissed extends CriterionCount { share: number; peerShare: number | null }

/**
 * The criteria the practice missed most often (most missed first, then the higher share, then by
 * name), each with the share of all practices' referrals on that pathway that missed it.
 */
export function criteriaMostMissed(own: readonly CriterionCount[], all: readonly CriterionCount[], limit = 5): CriterionMissed[] {
  const key = (c: CriterionCount) => `${c.pathwayCode}\u0000${c.criterionId}`;
  const everyone = new Map<string, { missed: number; assessed: number }>();
  for (const c of all) {
    const found = everyone.get(key(c)) ?? { missed: 0, assessed: 0 };
    found.missed += c.missed;
    found.assessed += c.assessed;
    everyone.set(key(c), found);
  }
  return own.filter((c) => c.missed > 0)
    .map((c) => {
      const peers = everyone.get(key(c));
      return { ...c, share: c.missed / c.assessed, peerShare: peers && peers.assessed ? peers.missed / peers.assessed : null };
    })
    .sort((a, b) => b.missed - a.missed || b.share - a.share || a.pathwayName.localeCompare(b.pathwayName) || a.label.localeCompare(b.label))
    .slice(0, limit);
}

export interface MeasurePosition { measureName: string; period: string; position: FunnelPosition; observed: number; expected: number; direction: string }
export interface ChangeAlert { message: string; monthLabel: string }

const OUTSIDE: readonly FunnelPosition[] = ['above 95%', 'below 95%', 'above 99.8%', 'below 99.8%'];
const ALARM: readonly FunnelPosition[] = ['above 99.8%', 'below 99.8%'];
const one = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/**
 * "What stands out", in plain words: measures whose funnel position is outside the 95% limits
 * (alarms first), then change alerts raised by CUSUM. Nothing outside and no alert says so.
 */
export function standsOut(positions: readonly MeasurePosition[], alerts: readonly ChangeAlert[]): string[] {
  const outside = positions.filter((p) => OUTSIDE.includes(p.position))
    .sort((a, b) => Number(ALARM.includes(b.position)) - Number(ALARM.includes(a.position)) || a.measureName.localeCompare(b.measureName));
  const lines = outside.map((p) => {
    const judgement = p.direction === 'no judgement' ? '' : ` (${p.direction})`;
    return `${p.measureName}, ${p.period}: ${POSITION_WORDS[p.position]}; ${one(p.observed)} against ${one(p.expected)} expected${judgement}.`;
  });
  for (const a of alerts) lines.push(`Change alert, ${a.monthLabel}: ${a.message}`);
  if (!lines.length) lines.push('Nothing stands out: every measure is within the range expected by chance and no change alert was raised.');
  return lines;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "April 2025" for '2025-04'. */
export function longMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** Whether a string is a month written 'YYYY-MM' (2000 to 2099). */
export const isMonth = (value: string) => /^20\d{2}-(0[1-9]|1[0-2])$/.test(value);
