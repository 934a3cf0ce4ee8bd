/**
 * Deliverables and milestones (PLAN-3; seed 004, Appendix 4): "by [date] we will deliver [item]",
 * with an owner, a status and the evidence that it was delivered. The success criteria that
 * trigger the achievement payment are milestones, not savings (FIN-6): the payment condition is
 * met when every payment milestone of the plan is delivered.
 *
 * Pure: no I/O; "today" is passed in.
 */

export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'delivered', 'missed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  delivered: 'Delivered',
  missed: 'Missed',
};

export interface MilestoneFacts {
  /** ISO date */
  dueOn: string;
  status: MilestoneStatus;
}

/** Overdue: due before today (ISO date) and not delivered. A milestone due today is not yet overdue. */
export function isOverdue(m: MilestoneFacts, today: string): boolean {
  return m.status !== 'delivered' && m.dueOn < today;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2027-03-31 → 31 March 2027. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
}

/** "By 31 March 2027 we will deliver a GP in A&E four sessions a week." */
export function milestoneSentence(dueOn: string, deliverable: string): string {
  const item = deliverable.trim().replace(/[.\s]+$/, '');
  return `By ${longDate(dueOn)} we will deliver ${item.charAt(0).toLowerCase()}${item.slice(1)}.`;
}

export interface PaymentMilestone { dueOn: string; deliverable: string; triggersPayment: boolean; status: MilestoneStatus; evidence: string }

export interface PaymentState {
  /** payment milestones of the plan */
  total: number;
  delivered: number;
  /** at least one payment milestone, and all of them delivered */
  met: boolean;
  /** the evidence recorded against the allowance condition */
  evidence: string;
}

/**
 * Whether the plan's payment milestones are all delivered, and the evidence to record for the
 * milestones_met condition. A plan without payment milestones has not met it: the payment needs
 * something defined to have been delivered.
 */
export function paymentState(planYear: string, milestones: readonly PaymentMilestone[]): PaymentState {
  const payment = milestones.filter((m) => m.triggersPayment);
  const delivered = payment.filter((m) => m.status === 'delivered');
  const total = payment.length;
  const met = total > 0 && delivered.length === total;
  const list = (ms: readonly PaymentMilestone[]) => ms.map((m) => `${milestoneSentence(m.dueOn, m.deliverable).slice(0, -1)}${m.evidence.trim() ? ` (evidence: ${m.evidence.trim()})` : ''}`).join('; ');
  const evidence = met
    ? `All ${total} payment milestone${total === 1 ? '' : 's'} of the ${planYear} plan delivered: ${list(payment)}.`
    : total === 0
      ? `The ${planYear} plan has no payment milestones.`
      : `${delivered.length} of ${total} payment milestones of the ${planYear} plan delivered; not yet: ${list(payment.filter((m) => m.status !== 'delivered'))}.`;
  return { total, delivered: delivered.length, met, evidence: evidence.length > 4000 ? `${evidence.slice(0, 3997)}...` : evidence };
}

// ── The portfolio's benefits (PLAN-6) ──────────────────────────────────────────────────────────

export const PROJECT_STATUSES = ['proposed', 'active', 'completed', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = { proposed: 'Proposed', active: 'Active', completed: 'Completed', closed: 'Closed' };

export const BENEFIT_HORIZONS = ['short', 'medium', 'long'] as const;
export type BenefitHorizon = (typeof BENEFIT_HORIZONS)[number];
export const HORIZON_LABELS: Record<BenefitHorizon, string> = { short: 'Short term', medium: 'Medium term', long: 'Long term' };

export const BENEFIT_STATUSES = ['expected', 'on_track', 'at_risk', 'realised', 'not_realised'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];
export const BENEFIT_STATUS_LABELS: Record<BenefitStatus, string> = {
  expected: 'Expected', on_track: 'On track', at_risk: 'At risk', realised: 'Realised', not_realised: 'Not realised',
};

/** A benefit is past due when its date is before today and it has not been realised (a benefit given up as not realised still shows). */
export function isBenefitPastDue(b: { dueOn: string | null; status: BenefitStatus }, today: string): boolean {
  return b.dueOn !== null && b.dueOn < today && b.status !== 'realised';
}
