/**
 * The A&E audit summary (REF-10): for a set of audited attendances, how many there were, the share
 * that primary care could have seen (with its 95% Wilson interval), in and out of hours, by
 * outcome, the most common reasons and by age group.
 *
 * The share is "yes" out of every attendance audited: "unsure" and "no" both count against it, so
 * the figure is what the practice was sure of (the counts of each are given beside it).
 */
import { AE_OUTCOMES, AGE_GROUPS, COMMON_REASONS, ageGroupOf, type AeOutcome, type AgeGroup, type CouldSee } from './ae-audit.js';
import { wilsonInterval, type Interval } from './wilson.js';

export interface SummaryEntry {
  ageBand: string;
  inHours: boolean;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
}

export interface ReasonCount { reason: string; attendances: number }

export interface AeFigures {
  attendances: number;
  couldSee: Record<CouldSee, number>;
  /** yes / attendances; null when there are none */
  shareCouldSee: number | null;
  /** the 95% Wilson score interval of that share */
  shareInterval: Interval | null;
  inHours: number;
  outOfHours: number;
  byOutcome: Record<AeOutcome, number>;
  /** most common first, ties by name; at most `TOP_REASONS` */
  topReasons: ReasonCount[];
  /** every age group, youngest first, zero when none */
  byAgeGroup: { ageGroup: AgeGroup; attendances: number }[];
}

export const TOP_REASONS = 5;

const suggested = new Map(COMMON_REASONS.map((r) => [reasonKey(r), r as string]));

/** Reasons written differently ("Chest pain", "chest  pain ") count as one. */
function reasonKey(reason: string): string {
  return reason.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function summarise(entries: readonly SummaryEntry[], topReasons = TOP_REASONS): AeFigures {
  const couldSee: Record<CouldSee, number> = { yes: 0, no: 0, unsure: 0 };
  const byOutcome = Object.fromEntries(AE_OUTCOMES.map((o) => [o, 0])) as Record<AeOutcome, number>;
  const byAgeGroup = new Map<AgeGroup, number>(AGE_GROUPS.map((g) => [g, 0]));
  const reasons = new Map<string, { reason: string; attendances: number }>();
  let inHours = 0;
  for (const e of entries) {
    couldSee[e.primaryCareCouldSee] += 1;
    byOutcome[e.outcome] += 1;
    if (e.inHours) inHours += 1;
    const group = ageGroupOf(e.ageBand);
    byAgeGroup.set(group, byAgeGroup.get(group)! + 1);
    const key = reasonKey(e.reason);
    const counted = reasons.get(key);
    // The suggested wording when it is one of the suggestions, else the first way it was written.
    if (counted) counted.attendances += 1;
    else reasons.set(key, { reason: suggested.get(key) ?? e.reason.trim().replace(/\s+/g, ' '), attendances: 1 });
  }
  const attendances = entries.length;
  return {
    attendances,
    couldSee,
    shareCouldSee: attendances ? couldSee.yes / attendances : null,
    shareInterval: wilsonInterval(couldSee.yes, attendances),
    inHours,
    outOfHours: attendances - inHours,
    byOutcome,
    topReasons: [...reasons.values()]
      .sort((a, b) => b.attendances - a.attendances || a.reason.localeCompare(b.reason, 'en-GB'))
      .slice(0, topReasons),
    byAgeGroup: AGE_GROUPS.map((ageGroup) => ({ ageGroup, attendances: byAgeGroup.get(ageGroup)! })),
  };
}
