/**
 * The two parties to a locality commissioning plan (seed 004): the consortium (its board and its
 * practices) and the commissioner (commissioning managers and finance). Each section of the plan
 * says which completes it; the delegation level of a function says which must approve.
 */
import type { Role } from '../access/roles.js';

export type Party = 'consortium' | 'commissioner';
export type CompletedBy = Party | 'both';

export const PARTY_LABELS: Record<Party, string> = { consortium: 'Consortium', commissioner: 'Commissioner' };
export const COMPLETED_BY_LABELS: Record<CompletedBy, string> = {
  consortium: 'For completion by the consortium',
  commissioner: 'For completion by the commissioner',
  both: 'For completion by the consortium and the commissioner',
};

/** The party a role acts for, or null for roles outside the plan (administrators, reviewers, booking). */
export function partyOf(role: Role): Party | null {
  switch (role) {
    case 'board':
    case 'practice':
      return 'consortium';
    case 'commissioner':
    case 'finance':
      return 'commissioner';
    default:
      return null;
  }
}

/** Whether a role may write a section marked "for completion by" completedBy. */
export function mayComplete(role: Role, completedBy: CompletedBy): boolean {
  const party = partyOf(role);
  return party !== null && (completedBy === 'both' || completedBy === party);
}
