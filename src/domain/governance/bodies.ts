/**
 * A group's governance bodies and their members (ORG-3, seeds 000 and 004): the council of one
 * member per practice, the board (GPs plus a commissioner director), the medical directors (a
 * review function, in sessions per week), the executive committee, the directors with their
 * disciplines, the named leads and the commissioner's support team. Terms say who sits when.
 */

export const BODY_KINDS = ['council', 'board', 'medical_directors', 'executive', 'directors', 'leads', 'commissioner_support', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  council: 'Council',
  board: 'Board',
  medical_directors: 'Medical directors',
  executive: 'Executive committee',
  directors: 'Directors',
  leads: 'Leads',
  commissioner_support: 'Commissioner support team',
  other: 'Other',
};

/** Roles people commonly hold; any other role may be typed in. */
export const MEMBER_ROLES = ['Chair', 'Vice chair', 'Member', 'Lead', 'Commissioner director', 'Medical director', 'Director', 'Company secretary', 'Support'] as const;

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = { planned: 'Planned', held: 'Held', cancelled: 'Cancelled' };

// ── Terms ───────────────────────────────────────────────────────────────────────────────────────

/** A term of office; null ends are open (from always / until further notice). ISO dates. */
export interface Term { termStart: string | null; termEnd: string | null }

export type TermStatus = 'not_started' | 'current' | 'ending_soon' | 'ended';

export const TERM_STATUS_LABELS: Record<TermStatus, string> = {
  not_started: 'Not started',
  current: 'Current',
  ending_soon: 'Ending within 90 days',
  ended: 'Ended',
};

/** How close to its end a term counts as ending soon, in days. */
export const ENDING_SOON_DAYS = 90;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Where a term stands on a day: the end date is the last day of office. */
export function termStatus(term: Term, today: string): TermStatus {
  if (term.termStart !== null && today < term.termStart) return 'not_started';
  if (term.termEnd === null) return 'current';
  if (today > term.termEnd) return 'ended';
  return dayNumber(term.termEnd) - dayNumber(today) <= ENDING_SOON_DAYS ? 'ending_soon' : 'current';
}

/** Whether the term covers a day (for a vote on a decision of that day). */
export const termCovers = (term: Term, day: string) => {
  const status = termStatus(term, day);
  return status === 'current' || status === 'ending_soon';
};

/** Whether two terms share at least one day. */
export function termsOverlap(a: Term, b: Term): boolean {
  const startsBeforeEnd = (x: Term, y: Term) => x.termStart === null || y.termEnd === null || x.termStart <= y.termEnd;
  return startsBeforeEnd(a, b) && startsBeforeEnd(b, a);
}

// ── The council: one member per practice ────────────────────────────────────────────────────────

export interface CouncilSeat extends Term { memberId: number; personName: string; practiceCode: string | null }

/**
 * The council member whose term overlaps the new one for the same practice, if any: a practice has
 * one council member at a time (a successor may follow once the earlier term has ended).
 */
export function councilSeatTaken(members: readonly CouncilSeat[], candidate: Term & { practiceCode: string; memberId?: number }): CouncilSeat | null {
  return members.find((m) => m.memberId !== candidate.memberId && m.practiceCode === candidate.practiceCode && termsOverlap(m, candidate)) ?? null;
}

/** The group's practices (in the order given) that have no council member on the day. */
export function practicesWithoutCouncilMember<P extends { code: string }>(practices: readonly P[], members: readonly CouncilSeat[], today: string): P[] {
  const seated = new Set(members.filter((m) => m.practiceCode !== null && termCovers(m, today)).map((m) => m.practiceCode));
  return practices.filter((p) => !seated.has(p.code));
}
