/**
 * The triage state machine (REF-4, REF-6). Every decision moves a referral from one status to
 * another; anything not in this table is refused with a message saying what is allowed.
 *
 *   received → awaiting_triage → forwarded | diverted | returned_with_advice | info_requested
 *                                | discussed_with_gp → booked → closed
 *   2ww: received → forwarded (two-week-wait referrals bypass triage)
 */
import type { Priority } from './referral.js';

export const STATUSES = ['received', 'awaiting_triage', 'forwarded', 'diverted', 'returned_with_advice',
  'info_requested', 'discussed_with_gp', 'booked', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  received: 'Received',
  awaiting_triage: 'Awaiting triage',
  forwarded: 'Forwarded to provider',
  diverted: 'Diverted to community service',
  returned_with_advice: 'Returned with advice',
  info_requested: 'More information requested',
  discussed_with_gp: 'Discussed with referring GP',
  booked: 'Booked',
  closed: 'Closed',
};

export const ACTIONS = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp', 'provide_info', 'book', 'close'] as const;
export type TriageAction = (typeof ACTIONS)[number];

/** How each action reads in a sentence: "cannot be returned with advice". */
export const ACTION_PAST: Record<TriageAction, string> = {
  forward: 'forwarded', divert: 'diverted', return_with_advice: 'returned with advice', request_info: 'sent back for more information',
  discuss_with_gp: 'discussed with the GP', provide_info: 'given more information', book: 'booked', close: 'closed',
};

const UNDER_TRIAGE: Status[] = ['awaiting_triage', 'info_requested', 'discussed_with_gp'];

const TRANSITIONS: Record<TriageAction, { from: Status[]; to: Status }> = {
  forward: { from: UNDER_TRIAGE, to: 'forwarded' },
  divert: { from: UNDER_TRIAGE, to: 'diverted' },
  return_with_advice: { from: UNDER_TRIAGE, to: 'returned_with_advice' },
  request_info: { from: ['awaiting_triage', 'discussed_with_gp'], to: 'info_requested' },
  discuss_with_gp: { from: ['awaiting_triage', 'info_requested'], to: 'discussed_with_gp' },
  provide_info: { from: ['info_requested'], to: 'awaiting_triage' },
  book: { from: ['forwarded', 'diverted'], to: 'booked' },
  close: { from: ['forwarded', 'diverted', 'returned_with_advice', 'booked'], to: 'closed' },
};

/** Where a new referral goes: straight to the provider for two-week-wait, else to triage. */
export const firstStatus = (priority: Priority): Status => (priority === '2ww' ? 'forwarded' : 'awaiting_triage');

export type Transition = { ok: true; from: Status; to: Status } | { ok: false; message: string };

export function transition(from: Status, action: TriageAction): Transition {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(from)) return { ok: true, from, to: rule.to };
  const allowed = ACTIONS.filter((a) => TRANSITIONS[a].from.includes(from));
  return {
    ok: false,
    message: `A referral that is "${STATUS_LABELS[from].toLowerCase()}" cannot be ${ACTION_PAST[action]}` +
      (allowed.length ? `; it can be ${allowed.map((a) => ACTION_PAST[a]).join(', ')}.` : '; it is finished.'),
  };
}

/** The actions open from a status, for showing only the buttons that work. */
export const actionsFrom = (status: Status): TriageAction[] => ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));

/** Re-categorising (REF-5) is allowed until the referral has left triage. */
export const canRecategorise = (status: Status) => UNDER_TRIAGE.includes(status);
