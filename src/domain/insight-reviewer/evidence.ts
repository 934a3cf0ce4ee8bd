/**
 * A GP reviewer's evidence for revalidation (REF-11), worked out from the histories of the
 * referrals they triaged: how many decisions, which outcomes, in which specialties, how quickly
 * against the service level, re-categorisations, decisions another reviewer later changed, and what
 * practices said of their decisions. Pure: the server gathers the histories, this adds them up.
 *
 * The clock (REF-7's service level, as the worklists count it): a decision's turnaround is the
 * working days (England and Wales, bank holidays excepted) after the day the referral was received,
 * or after the day the practice sent the further information asked for when that came later, up to
 * and including the day of the decision. Days are UTC calendar days, as the gateway sets
 * `triage_due`. A decision after a discussion with the referring GP counts from the same start,
 * because the referral stayed with the reviewers throughout. A decision is within the service level
 * when its turnaround is at most the service level's working days (2: received Friday, decided by
 * Tuesday).
 *
 * "Changed by another reviewer": the state machine lets a decision be followed by another only
 * while the referral is still under triage (after a discussion with the GP, or while information
 * is awaited). A reviewer's decision counts as changed when the next decision on that referral,
 * before any further information arrived, was taken by a different reviewer.
 */
import { workingDaysBetween, ENGLAND_AND_WALES_HOLIDAYS } from '../calendar/working-days.js';
import { treatmentFunctionName } from '../codes/treatment-functions.js';
import { STATUS_LABELS } from '../referrals/triage.js';
import { median, nearestRankPercentile, percentOf, share, wholePercents } from './statistics.js';

/** The triage decisions a reviewer records (REF-4), and the outcome each leads to. */
export const DECISION_ACTIONS = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const OUTCOMES = ['forwarded', 'diverted', 'returned_with_advice', 'info_requested', 'discussed_with_gp'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_OF: Record<DecisionAction, Outcome> = {
  forward: 'forwarded', divert: 'diverted', return_with_advice: 'returned_with_advice', request_info: 'info_requested', discuss_with_gp: 'discussed_with_gp',
};
export const OUTCOME_LABELS: Record<Outcome, string> = Object.fromEntries(OUTCOMES.map((o) => [o, STATUS_LABELS[o]])) as Record<Outcome, string>;

export const HELPFUL = ['yes', 'partly', 'no'] as const;
export type Helpful = (typeof HELPFUL)[number];
export const HELPFUL_LABELS: Record<Helpful, string> = { yes: 'Helpful', partly: 'Partly helpful', no: 'Not helpful' };

/** Two-week-wait referrals are forwarded by the gateway itself: that is nobody's decision. */
export const GATEWAY_ACTOR = 'gateway';

export const isDecisionAction = (action: string): action is DecisionAction => (DECISION_ACTIONS as readonly string[]).includes(action);
/** A decision a reviewer took (not the gateway's automatic forwarding of a two-week-wait referral). */
export const isReviewerDecision = (e: { actor: string; action: string }) => isDecisionAction(e.action) && e.actor !== GATEWAY_ACTOR;

export interface HistoryEvent {
  actor: string;
  action: string;
  /** ISO timestamp */
  at: string;
  details?: Record<string, unknown> | null;
}

/** What the evidence needs of one referral: no patient, only its reference and specialty. */
export interface ReferralHistory {
  referralId: string;
  reference: string;
  /** the specialty now (after any re-categorisation) */
  tfc: string;
  /** ISO timestamp */
  receivedAt: string;
  /** every event, any order (sorted here by time) */
  events: HistoryEvent[];
  /** the practice's feedback, its comment already cleared of patient identifiers */
  feedback: { helpful: Helpful; comment: string; givenAt: string } | null;
}

export interface EvidenceInput {
  username: string;
  displayName: string;
  /** inclusive ISO dates */
  period: { from: string; to: string };
  serviceLevelDays: number;
  histories: ReferralHistory[];
  holidays?: ReadonlySet<string>;
}

export interface OutcomeCount { outcome: Outcome; label: string; count: number; share: number | null; percent: number }
export interface SpecialtyRow { tfc: string; name: string; decisions: number; byOutcome: Record<Outcome, number>; medianWorkingDays: number | null; withinServiceLevel: number }
export interface TurnaroundBucket { label: string; workingDays: number; orMore: boolean; count: number }
export interface FeedbackComment { referralId: string; reference: string; givenOn: string; specialty: string; outcome: Outcome; outcomeLabel: string; helpful: Helpful; helpfulLabel: string; comment: string }

export interface ReviewerEvidenceSummary {
  reviewer: { username: string; displayName: string };
  period: { from: string; to: string };
  serviceLevelDays: number;
  /** triage decisions the reviewer recorded in the period */
  decisions: number;
  /** distinct referrals those decisions were on */
  referrals: number;
  byOutcome: OutcomeCount[];
  bySpecialty: SpecialtyRow[];
  turnaround: {
    medianWorkingDays: number | null;
    p90WorkingDays: number | null;
    withinServiceLevel: number;
    withinShare: number | null;
    withinPercent: number | null;
    distribution: TurnaroundBucket[];
  };
  recategorisations: { total: number; specialtyChanged: number; codeChanged: number };
  changedByAnotherReviewer: { count: number; share: number | null; percent: number | null };
  feedback: { total: number; counts: Record<Helpful, number>; percents: Record<Helpful, number>; comments: FeedbackComment[] };
  statement: string;
}

const dayOf = (iso: string) => iso.slice(0, 10);
const inPeriod = (iso: string, period: { from: string; to: string }) => dayOf(iso) >= period.from && dayOf(iso) <= period.to;
const zeroOutcomes = (): Record<Outcome, number> => ({ forwarded: 0, diverted: 0, returned_with_advice: 0, info_requested: 0, discussed_with_gp: 0 });

interface Counted { referralId: string; outcome: Outcome; tfc: string; workingDays: number; at: string }

export function summariseReviewerEvidence(input: EvidenceInput): ReviewerEvidenceSummary {
  const { username, period, serviceLevelDays } = input;
  const holidays = input.holidays ?? ENGLAND_AND_WALES_HOLIDAYS;
  const decisions: Counted[] = [];
  const recategorisations = { total: 0, specialtyChanged: 0, codeChanged: 0 };
  let changed = 0;
  const comments: FeedbackComment[] = [];
  const feedbackCounts: Record<Helpful, number> = { yes: 0, partly: 0, no: 0 };

  for (const h of input.histories) {
    const events = [...h.events].sort((a, b) => a.at.localeCompare(b.at));
    let clockStart = dayOf(h.receivedAt);
    let previous: { actor: string; counted: boolean } | null = null;
    for (const e of events) {
      if (e.action === 'provide_info') {
        // New information restarts the clock, and a decision after it answers that information.
        clockStart = dayOf(e.at);
        previous = null;
      } else if (isReviewerDecision(e)) {
        if (previous?.counted && previous.actor !== e.actor) changed += 1;
        const counted: boolean = e.actor === username && inPeriod(e.at, period);
        if (counted) {
          decisions.push({
            referralId: h.referralId, outcome: OUTCOME_OF[e.action as DecisionAction], tfc: h.tfc, at: e.at,
            workingDays: Math.max(0, workingDaysBetween(clockStart, dayOf(e.at), holidays)),
          });
        }
        previous = { actor: e.actor, counted };
      } else if (e.action === 'recategorise' && e.actor === username && inPeriod(e.at, period)) {
        recategorisations.total += 1;
        const d = (e.details ?? {}) as { from?: { tfc?: string }; to?: { tfc?: string; reason?: string } };
        if (d.from?.tfc && d.to?.tfc && d.from.tfc !== d.to.tfc) recategorisations.specialtyChanged += 1;
        if (d.to?.reason) recategorisations.codeChanged += 1;
      }
    }

    // Feedback is about the decision the practice had in front of it: the last one before it wrote.
    if (h.feedback) {
      const before = events.filter((e) => isReviewerDecision(e) && e.at <= h.feedback!.givenAt);
      const decision = before.at(-1);
      if (decision && decision.actor === username && inPeriod(decision.at, period)) {
        const outcome = OUTCOME_OF[decision.action as DecisionAction];
        feedbackCounts[h.feedback.helpful] += 1;
        if (h.feedback.comment.trim()) {
          comments.push({
            referralId: h.referralId, reference: h.reference, givenOn: dayOf(h.feedback.givenAt), specialty: treatmentFunctionName(h.tfc),
            outcome, outcomeLabel: OUTCOME_LABELS[outcome], helpful: h.feedback.helpful, helpfulLabel: HELPFUL_LABELS[h.feedback.helpful], comment: h.feedback.comment.trim(),
          });
        }
      }
    }
  }

  const counts = zeroOutcomes();
  for (const d of decisions) counts[d.outcome] += 1;
  const percents = wholePercents(OUTCOMES.map((o) => counts[o]));
  const byOutcome = OUTCOMES.map((outcome, i) => ({ outcome, label: OUTCOME_LABELS[outcome], count: counts[outcome], share: share(counts[outcome], decisions.length), percent: percents[i]! }));

  const specialties = new Map<string, Counted[]>();
  for (const d of decisions) specialties.set(d.tfc, [...(specialties.get(d.tfc) ?? []), d]);
  const bySpecialty = [...specialties.entries()].map(([tfc, list]): SpecialtyRow => {
    const byOutcome = zeroOutcomes();
    for (const d of list) byOutcome[d.outcome] += 1;
    return {
      tfc, name: treatmentFunctionName(tfc), decisions: list.length, byOutcome,
      medianWorkingDays: median(list.map((d) => d.workingDays)), withinServiceLevel: list.filter((d) => d.workingDays <= serviceLevelDays).length,
    };
  }).sort((a, b) => b.decisions - a.decisions || a.tfc.localeCompare(b.tfc));

  const days = decisions.map((d) => d.workingDays);
  const within = days.filter((d) => d <= serviceLevelDays).length;
  const last = serviceLevelDays + 3;
  const distribution: TurnaroundBucket[] = Array.from({ length: last + 1 }, (_, n) => ({
    label: n === last ? `${n} or more` : String(n), workingDays: n, orMore: n === last,
    count: days.filter((d) => (n === last ? d >= n : d === n)).length,
  }));

  const feedbackTotal = HELPFUL.reduce((s, k) => s + feedbackCounts[k], 0);
  const feedbackPercents = wholePercents(HELPFUL.map((k) => feedbackCounts[k]));
  comments.sort((a, b) => a.givenOn.localeCompare(b.givenOn) || a.reference.localeCompare(b.reference));

  const summary: Omit<ReviewerEvidenceSummary, 'statement'> = {
    reviewer: { username, displayName: input.displayName },
    period,
    serviceLevelDays,
    decisions: decisions.length,
    referrals: new Set(decisions.map((d) => d.referralId)).size,
    byOutcome,
    bySpecialty,
    turnaround: {
      medianWorkingDays: median(days), p90WorkingDays: nearestRankPercentile(days, 90),
      withinServiceLevel: within, withinShare: share(within, days.length), withinPercent: percentOf(within, days.length), distribution,
    },
    recategorisations,
    changedByAnotherReviewer: { count: changed, share: share(changed, decisions.length), percent: percentOf(changed, decisions.length) },
    feedback: {
      total: feedbackTotal, counts: feedbackCounts,
      percents: { yes: feedbackPercents[0]!, partly: feedbackPercents[1]!, no: feedbackPercents[2]! }, comments,
    },
  };
  return { ...summary, statement: appraiserStatement(summary) };
}

// ---- The statement for the appraiser ---------------------------------------------------------

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** 27 March 2026, from an ISO date. */
export const formatLongDate = (iso: string) => longDate.format(new Date(`${iso}T00:00:00Z`));
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const days = (n: number) => `${n.toLocaleString('en-GB')} working ${n === 1 ? 'day' : 'days'}`;

const OUTCOME_PHRASES: Record<Outcome, string> = {
  forwarded: 'forwarded to a provider', diverted: 'diverted to a community service', returned_with_advice: 'returned to the referrer with advice',
  info_requested: 'sent back for more information', discussed_with_gp: 'discussed with the referring GP',
};

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A few plain sentences an appraiser can read without the tables. */
export function appraiserStatement(s: Omit<ReviewerEvidenceSummary, 'statement'>): string {
  const when = `Between ${formatLongDate(s.period.from)} and ${formatLongDate(s.period.to)}`;
  const who = s.reviewer.displayName;
  if (!s.decisions) {
    const recat = s.recategorisations.total ? ` ${who} re-categorised ${count(s.recategorisations.total, 'referral')}.` : '';
    return `${when}, ${who} recorded no triage decisions on referrals through the referral gateway.${recat}`;
  }
  const outcomes = s.byOutcome.filter((o) => o.count > 0).map((o) => `${o.percent}% ${OUTCOME_PHRASES[o.outcome]}`);
  const t = s.turnaround;
  const sentences = [
    `${when}, ${who} took ${count(s.decisions, 'triage decision')} on ${count(s.referrals, 'referral')} through the referral gateway: ${list(outcomes)}.`,
    `The median time from a referral (or the further information asked for) reaching the gateway to the decision was ${days(t.medianWorkingDays!)}; `
      + `nine in ten decisions took at most ${days(t.p90WorkingDays!)}, and ${t.withinPercent}% were within the service level of ${days(s.serviceLevelDays)}.`,
  ];
  if (s.recategorisations.total) sentences.push(`${who} re-categorised ${count(s.recategorisations.total, 'referral')}, correcting the specialty or clinical code.`);
  const changed = s.changedByAnotherReviewer.count;
  sentences.push(changed ? `${count(changed, 'decision')} ${changed === 1 ? 'was' : 'were'} later changed by another reviewer.` : 'No decision was later changed by another reviewer.');
  const f = s.feedback;
  sentences.push(f.total
    ? `Practices gave feedback on ${count(f.total, 'decision')}: ${f.counts.yes} found the decision helpful, ${f.counts.partly} partly helpful and ${f.counts.no} not helpful.`
    : 'Practices gave no feedback on these decisions.');
  return sentences.join(' ');
}
