/**
 * Co-commissioning levels (ORG-4, seed 002): for each function a group holds category A
 * (advisory: the group recommends, the commissioner decides), B (joint: both must approve) or
 * C (delegated: the group decides). The level says whose approvals a decision needs.
 */
import type { Party } from '../plans/parties.js';

export type DelegationCategory = 'A' | 'B' | 'C';

export const CATEGORY_LABELS: Record<DelegationCategory, string> = {
  A: 'Category A: advisory',
  B: 'Category B: joint',
  C: 'Category C: delegated',
};

/** With no level set, a function stays with the commissioner (advisory). */
export const DEFAULT_CATEGORY: DelegationCategory = 'A';

/** The parties whose approval a decision at this level needs, all of them. */
export function approversNeeded(category: DelegationCategory): Party[] {
  switch (category) {
    case 'A': return ['commissioner'];
    case 'B': return ['consortium', 'commissioner'];
    case 'C': return ['consortium'];
  }
}

/** Whether the approvals given so far complete the decision, and who is still to approve. */
export function approvalState(category: DelegationCategory, approvedBy: readonly Party[]): { complete: boolean; waitingFor: Party[] } {
  const waitingFor = approversNeeded(category).filter((p) => !approvedBy.includes(p));
  return { complete: waitingFor.length === 0, waitingFor };
}
